# Jaga — the organisation's policy file (/etc/jaga/policy.toml), in English.
# Every key here must also be in id/policy.ftl (tested).

policy-problem = { $file }:{ $line }:{ $column }: error: { $key }: { $problem }
policy-problem-file = { $file }: error: { $problem }
policy-unknown-key = there is no setting called “{ $key }” here; the settings allowed here are: { $known }
policy-invalid = { $detail }
policy-idle-range = the idle time must be a whole number of minutes from 0 (never sign out) to { $max }
policy-lrs-key = the LRS key must not be empty or hold control characters
policy-path-absolute = give the full path, starting at the root of the disk (like /srv/jaga/course)
policy-writable = anyone on this computer can change this file, so Jaga does not take it as the organisation's; let only the administrator change it (chmod 644)
policy-no-file = { $file }: there is no such file
policy-valid = { $file }: the policy is valid ({ $count ->
    [one] it sets one value
   *[other] it sets { $count } values
}).
policy-safe-defaults = The organisation's policy has problems, so Jaga uses safe defaults until it is fixed: every profile needs a PIN and the Author button is hidden. Tell your IT department.
policy-set-by-org = Set by your organisation (in { $file }); it cannot be changed here.
policy-due-day = give a day as a TOML date without quotes, like 2027-01-31
policy-name-empty = this must not be empty or hold control characters
policy-assignments-by-org = Your organisation assigns the tracks and due dates (in { $file }); they are shown here and cannot be changed on this computer.
