// Stands in for Learning Locker's client registry, so the real LRS (xapi-statements) can
// check a Basic key and secret: with AUTH_REPO=fetch it asks LL_CLIENT_INFO_ENDPOINT who an
// Authorization header belongs to. This answers 200 with a client for the one right key
// and secret, and 404 (no such client) for anything else, as Learning Locker does; the
// LRS then answers 401 Unauthorised.
//
// Usage: node lrs-client-info.js PORT KEY SECRET   (prints "ready" once listening)
'use strict';
const http = require('http');

const [port, key, secret] = process.argv.slice(2);
const expected = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
const client = {
  _id: '58fe13e34effd3c26a7fc4b7',
  title: 'Jaga test client',
  authority: { objectType: 'Agent', account: { homePage: 'https://lrs.invalid', name: 'jaga' } },
  isTrusted: true,
  lrs_id: '58fe13e34effd3c26a7fc4b7',
  organisation: '58fe13e34effd3c26a7fc4b6',
  scopes: ['all'],
};
http
  .createServer((req, res) => {
    if (req.headers.authorization === expected) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(client));
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"message":"No client found"}');
    }
  })
  .listen(Number(port), '127.0.0.1', () => console.log('ready'));
