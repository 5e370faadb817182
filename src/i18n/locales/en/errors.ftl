# Jaga — errors and file problems in English, as the window shows them.
# Every key here must also be in id/errors.ftl (tested).

io-not-found = there is no such file or folder
io-permission-denied = you are not allowed to use it (permission denied)
io-already-exists = it already exists
io-disk-full = the disk is full
io-read-only = the disk or folder is read-only
io-is-a-folder = it is a folder, not a file
io-not-a-folder = a part of the path is not a folder
io-bad-name = the name is not a valid file name
io-not-a-file = it is not an ordinary file (a link, a device or a pipe), so it is left as it is
io-too-large = the file is too large
io-busy = the disk did not answer in time
io-other = the system reported: { $detail }

error-store-in-use = Jaga's data is in use by another Jaga window or program. Close it and try again. ({ $path })
error-store-newer = This data was written by a newer version of Jaga (format { $found }; this version reads up to { $supported }). Update Jaga.
error-store-folder = Jaga cannot use its data folder: { $reason }. ({ $path })
error-store-not-a-file = The results store { $path } is not a file (a folder or a device is there). Move it away, or name another data folder.
error-store-read-only = The data folder { $path } is read-only: Jaga cannot keep or change results there. Make it writable, or name another data folder.
cli-store-moved-aside = the results store was damaged and set aside ({ $note }); results kept before then are in that file, not in this store. Run `jaga check --acknowledge` once you have dealt with it
cli-store-acknowledged = the store set aside is acknowledged; commands no longer report it
cli-store-nothing-to-acknowledge = no store set aside waits to be acknowledged
error-store-invalid = Jaga did not save this because it is inconsistent ({ $detail }).
error-store-no-learner = This profile no longer exists.
error-store-already-recorded = This attempt was already recorded (another Jaga window finished it first).
error-store-corrupt = Some of Jaga's stored data could not be read ({ $detail }).
error-store-database = The database reported a problem ({ $detail }).
error-field-required = { $field } is required.
error-field-too-long = { $field } takes at most { $max } characters.
error-field-control = { $field } contains a character that cannot be stored.
error-passphrase-short = The passphrase needs at least { $min } characters.
error-pin-short = The PIN needs at least { $min } characters.
field-department-name = Department

error-write-file = The file could not be written: { $reason }. ({ $path })

error-file-exists = { $path } already exists; nothing was written.
error-export-bad-name = The report needs a file name without backslashes or line breaks, so that its checksum can be verified. ({ $path })
error-export-no-folder = The folder to save the report in does not exist. ({ $path })
error-export-write = The report could not be written: { $reason }. ({ $path })
error-export-format = The report could not be made ({ $detail }).
error-export-too-many-rows = { $rows } rows do not fit in an Excel sheet ({ $max } at most). Export CSV or JSON, or narrow the filter.
error-export-date-range = The date { $value } cannot be written in Excel (only years 1900–9999).
error-export-stopped = The report was stopped before it was complete; no file was written.

error-bundle-read = The bundle could not be read: { $reason }. ({ $path })
error-bundle-write = The bundle could not be written: { $reason }. ({ $path })
error-bundle-stopped = The bundle was stopped before it was complete; no file was written.
error-bundle-too-large = The file is larger than { $mib } MiB, far more than any bundle, so it is not one.
error-bundle-truncated = The file ends early (line { $line }, column { $column }): it was probably cut off while being copied. Ask for the results to be bundled again.
error-bundle-ends-early = The file ends early, after { $records } records: it was probably cut off while being copied. Ask for the results to be bundled again.
error-bundle-line-too-long = Line { $line } of the file is longer than { $mib } MiB, far more than any record, so the file is not a bundle.
error-bundle-json = The file is not a readable bundle ({ $detail }).
error-bundle-not-a-bundle = The file is not a Jaga results bundle ({ $detail }).
error-bundle-version = Bundle version { $found } cannot be read: this Jaga reads versions { $oldest } to { $newest }. Update Jaga to import it.
error-bundle-checksum = The bundle was changed or damaged after it was written (its checksum does not match). Ask for a fresh bundle.
error-bundle-invalid = The bundle is inconsistent ({ $detail }).

error-cert-no-employee = No learner has employee ID { $id }.
error-cert-no-module = The course has no module "{ $id }".
error-cert-not-passed = { $employee } has not passed "{ $module }", so there is no certificate to issue.
error-cert-characters = The certificate's font cannot draw { $chars } in the { $field }. Correct it in the profile or the module.
cert-field-name = name
cert-field-employee-id = employee ID
cert-field-module-title = module title
error-cert-pdf = The PDF could not be made ({ $detail }).
error-cert-write = The certificate could not be written: { $reason }. ({ $path })

error-xapi-address = The address must start with https:// or http://, not "{ $value }".

error-content-not-found = The course folder does not exist. ({ $path })
error-content-unreadable = The course could not be read: { $reason }. ({ $path })

error-watch-folder-gone = The content folder was deleted or moved; open it again to keep watching. ({ $path })
error-watch-limit = The system's limit on watched folders is reached, so changes in some folders are not seen. Raise it (on Linux: sysctl fs.inotify.max_user_watches) or open a smaller folder.
error-watch-failed = The content folder cannot be watched ({ $detail }). ({ $path })

error-engine-content-changed = The module changed while you were taking it. Start the quiz again.
error-engine-nothing-chosen = Choose at least one answer.
error-engine-incomplete = Put every step in place, or give every item a category, before you submit.
error-engine-one-choice = This question takes exactly one answer.
error-engine-finished = This quiz is already finished.
error-engine-unanswered = { $count ->
    [one] One question is not answered yet.
   *[other] { $count } questions are not answered yet.
}
error-engine-cannot-go-back = This scenario does not allow stepping back here.
error-engine-stale = That answer no longer fits this question. Reopen the quiz and try again.

error-lrs-not-configured = Delivery to an LRS is not set up: no LRS address is configured.
error-lrs-off = Delivery to the LRS is turned off.
error-lrs-no-credentials = No LRS key and secret are stored. Enter them to set up delivery.
error-lrs-bad-endpoint = "{ $value }" cannot be the LRS address ({ $detail }).
error-lrs-insecure = "{ $value }" cannot be the LRS address: the key and secret would cross the network readable. Use https:// (http:// only for an LRS on this computer).
error-lrs-bad-credentials = The LRS key and secret cannot be used ({ $detail }).
error-lrs-credentials-file = The LRS credentials file cannot be used: { $reason }. ({ $path })
error-lrs-credentials-exposed = Other users of this computer can read the LRS credentials file (mode { $mode }). Make it owner-only or set up the LRS again. ({ $path })
error-lrs-credentials-corrupt = The LRS credentials file is damaged. Set up the LRS again. ({ $path })
error-lrs-network = The LRS at { $endpoint } cannot be reached ({ $detail }).
error-lrs-unavailable = The LRS at { $endpoint } is unavailable (HTTP { $status }: { $detail }).
error-lrs-not-an-lrs = { $endpoint } did not answer as an LRS ({ $detail }).
error-lrs-refused = The LRS at { $endpoint } refused the key and secret (HTTP { $status }). Check the key and secret the LRS gave for Jaga.
error-lrs-not-found = There is no xAPI statements resource at { $url } (HTTP { $status }). The LRS address is the part before "/statements", like https://lrs.example.org/xapi.
error-lrs-redirected = { $url } redirects (HTTP { $status }) to { $location }. Set the address it redirects to.
error-lrs-rejected = The LRS at { $endpoint } refused the statements (HTTP { $status }: { $detail }).
error-thread = Jaga could not start a background task: { $reason }.

error-not-ready = Jaga is still starting; try again in a moment.
damage-not-sqlite = the file is not a database
damage-not-jaga = the file is a database, but not Jaga's
damage-unreadable = the file is damaged ({ $detail })
damage-truncated = the file is shorter than its header says: it was cut off while being copied or written
field-organisation = Organisation
field-signatory = Signatory's name
field-signatory-title = Signatory's title
error-pin-required = A manager requires a PIN for every profile on this computer.
error-not-signed-in = That profile is not signed in. Open it again from the profile list.

# The manager passphrase at the command line.
cli-passphrase-prompt = Manager passphrase:{" "}
cli-passphrase-needed = this command needs the manager passphrase, and there is no terminal to ask on: give it with --passphrase-file FILE or the JAGA_MANAGER_PASSPHRASE environment variable; nothing was done
cli-passphrase-wrong = wrong manager passphrase; nothing was done. The next try is possible after { $retry_at }
cli-passphrase-wait = too soon after a wrong manager passphrase; nothing was checked or done. Try again after { $retry_at }
cli-passphrase-file = cannot read the passphrase file { $path }: { $reason }; nothing was done
cli-passphrase-not-text = the manager passphrase given is not UTF-8 text; nothing was done
