# Jaga — what a manager's action did, in English.
# Every key here must also be in id/results.ftl (tested).

done-export = Saved { $path } ({ $rows ->
    [one] one row
   *[other] { $rows } rows
}, SHA-256 { $sha256 }).
done-bundle = Saved the results bundle { $path }: { $learners ->
    [one] one learner
   *[other] { $learners } learners
} and { $attempts ->
    [one] one finished attempt
   *[other] { $attempts } finished attempts
}, with { $refreshers ->
    [one] one refresher
   *[other] { $refreshers } refreshers
}.
done-import = { $path }: { $learners ->
    [one] one learner
   *[other] { $learners } learners
} and { $attempts ->
    [one] one attempt
   *[other] { $attempts } attempts
} added, { $refreshers ->
    [one] one refresher
   *[other] { $refreshers } refreshers
} added, { $present } already here, { $conflicts ->
    [one] one conflict
   *[other] { $conflicts } conflicts
}.
done-import-failed = { $path }: not imported, nothing was written. { $reason }
conflict-profile = Employee { $employee } is "{ $here }" here but "{ $bundle }" in the bundle; the profile here was kept and the attempts recorded under it.
conflict-attempt = An attempt of employee { $employee } at "{ $module }" is already stored with different results; the stored one was kept.
conflict-refresher = A refresher of employee { $employee } is already stored with different answers; the stored one was kept.
conflict-unchecked-pass = A pass of employee { $employee } at "{ $module }" was made with a version of the module this machine does not have, so its pass mark could not be checked; check it before issuing a certificate.
conflicts-more = … and { $count } more conflicts, not listed.
done-certificates = { $count ->
    [one] One certificate
   *[other] { $count } certificates
} saved in { $path }.
done-certificate-failed = { $name }: not made. { $reason }
done-due-set = "{ $module }" is due on { $date } { $who }.
done-due-cleared = "{ $module }" has no due date { $who } any more.
done-track-assigned = Track "{ $track }" is due on { $date } { $who }.
done-track-unassigned = Track "{ $track }" is no longer assigned { $who }.
done-for-department = for department { $department }
done-for-everyone = for everyone
done-retention-set = Results older than { $days } days are now removed.
done-retention-off = Results are now kept until a manager removes them.
done-lrs-configured = Delivery to the LRS is on: statements go to { $endpoint } with key { $key }; { $queued } earlier statements are queued.
done-lrs-off = Delivery to the LRS is off; nothing more is sent.
data-passphrase-changed = The passphrase was changed.
done-organisation-set = Saved. Certificates made from now on name this organisation and signatory.
done-pins-required = Saved: every profile on this computer needs a PIN; learners without one choose it at their next sign-in. Idle sign-out after { $minutes } minutes (0: never).
done-pins-optional = Saved: PINs are optional on this computer. Idle sign-out after { $minutes } minutes (0: never).
done-pin-reset = The PIN of { $name } was removed. They will be told at their next sign-in and can choose a new one.
