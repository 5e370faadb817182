// Checks xAPI statements with Learning Locker's validator (@learninglocker/xapi-validation).
//
// Usage: node validate-xapi.js PACKAGE_DIR STATEMENTS.json
//   PACKAGE_DIR     the folder `npm install --prefix` put the validator in
//   STATEMENTS.json a JSON array of statements
// Prints one JSON line per problem ({index, id, name, path, data}), a count on stderr,
// and exits 0 when every statement passes, 1 when any does not, 2 when it cannot run.
'use strict';
const fs = require('fs');
const path = require('path');

const [packageDir, file] = process.argv.slice(2);
if (!packageDir || !file) {
  console.error('usage: node validate-xapi.js PACKAGE_DIR STATEMENTS.json');
  process.exit(2);
}
const validate = require(
  path.join(packageDir, 'node_modules', '@learninglocker', 'xapi-validation'),
).default;
const statements = JSON.parse(fs.readFileSync(file, 'utf8'));
if (!Array.isArray(statements)) {
  console.error('expected a JSON array of statements');
  process.exit(2);
}
let problems = 0;
statements.forEach((statement, index) => {
  for (const warning of validate(statement)) {
    problems += 1;
    console.log(JSON.stringify({
      index,
      id: statement && statement.id,
      name: warning.name,
      path: (warning.path || []).join('.'),
      data: warning.data,
    }));
  }
});
console.error(`${statements.length} statements checked, ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
