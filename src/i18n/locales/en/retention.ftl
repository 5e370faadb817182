# The manager's retention view: whether what was taught is still remembered.

tab-retention = Retention
retention-intro = How much is still remembered: the share of refresher answers that were right, by days since the learner passed the module. The figures come from real answers, not a model; refreshers never change a module's score or status.
retention-desired = Desired retention
retention-desired-note = The share of questions a learner should still answer right when they come back. Higher means refreshers come sooner and more often. Between { $low }% and { $high }%; { $default }% by default.
retention-desired-save = Save retention
retention-desired-saved = Desired retention saved: { $percent }%. The next schedules use it.
retention-desired-invalid = The desired retention must be between { $low }% and { $high }%.
retention-curve = { $module }: right answers by days since the pass
retention-curve-total = { $percent }% right of { $answered } refresher answers.
retention-none = No refresher answers from learners who passed a module yet.
retention-none-in = No refresher answers from learners in { $department } who passed a module yet.
retention-span = { $from }–{ $to } days
retention-span-open = { $from } days or more
retention-point = { $percent }% right ({ $right } of { $answered })
retention-axis-days = Days since the pass
retention-target-line = Dashed line: the desired retention ({ $percent }%). Over each point: the share of right answers (right/answered).
retention-point-short = { $percent }% ({ $right }/{ $answered })
retention-axis-right = % right
retention-decaying = Knowledge that fades fastest
retention-decaying-intro = Questions answered right far less often after the first week since the pass than within it (at least { $min } answers in each). Consider making their lesson clearer.
retention-decaying-line = { $early }% right in the first { $days } days ({ $early_n } answers), { $late }% after ({ $late_n } answers)
retention-decaying-none = No question has enough answers to compare yet.
retention-heading-cli = Retention: right refresher answers by days since the pass
