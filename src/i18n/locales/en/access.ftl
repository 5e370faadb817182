# Jaga — who is signed in: profiles on a shared computer, PINs, the privacy notice, in English.
# Every key here must also be in id/access.ftl (tested).

menu-sign-out = Sign out
profiles-has-pin = PIN protected
profiles-open-warning = Anyone at this computer can open a profile that has no PIN, see its results and take quizzes in its name. Give your profile a PIN in "My data", or ask your manager to require PINs.
profile-pin-required = Choose a PIN (required on this computer)
profile-pin-optional = Choose a PIN (recommended: this computer is shared)

pin-enter-title = Enter the PIN of { $name }
pin-enter-intro = This profile is protected. Type its PIN and press Enter.
pin-field = PIN
pin-checking = Checking…
pin-open = Open profile
pin-other-profile = Choose another profile
pin-forgotten = Forgot your PIN? A manager can remove it; you then choose a new one.
pin-wrong = That PIN is not right.
pin-wait = Too many wrong PINs.

pin-set-title = Protect your profile with a PIN
pin-required-intro = Your manager requires a PIN for every profile on this computer, so that no one else can open yours. Choose one now.
pin-offer-intro = Others use this computer. With a PIN, only you can open your profile.
pin-rules = At least { $min } characters: digits, letters or both. Jaga keeps only a one-way hash of it.
pin-new = New PIN
pin-repeat = Type the PIN again
pin-mismatch = The two PINs differ. Type the same PIN twice.
pin-save = Set PIN
pin-change = Change PIN
pin-remove = Remove PIN
pin-not-now = Not now
pin-required-keep = Your manager requires a PIN on this computer, so it cannot be removed.
pin-card-title = PIN
pin-card-has = Your profile has a PIN: no one can open it without it.
pin-card-none = Your profile has no PIN: anyone at this computer can open it.
pin-set = Your PIN is set. Only you can open this profile now.
pin-changed = Your PIN was changed.
pin-removed = Your PIN was removed. Anyone at this computer can open this profile.
pin-was-reset = A manager removed your PIN on { $date }. If you did not ask for this, tell your manager. Choose a new PIN in "My data".
signed-out-idle = You were signed out after { $minutes } minutes without activity. Your answers so far are saved.

notice-changed-title = What Jaga does with your data has changed
notice-changed-intro = Please read what Jaga stores and where it goes now, before you go on.
notice-lrs = After each quiz you finish, Jaga sends the result to your organisation's learning record store at { $host }: your employee ID (not your name), the module, each answer, your score, whether you passed, and the times. Nothing else is sent, and nothing is sent to anyone else.
notice-lrs-when = Results are sent right after the quiz; if the computer is offline they wait here and go later. Everything stays on this computer too.

access-title = Sign-in on this computer
access-intro = On a computer several employees share, a PIN keeps each profile private. Profiles are chosen from the list at start, and a learner is signed out when the computer is left idle.
access-pins-required = Require a PIN for every profile on this computer
access-idle = Sign out after this many idle minutes (0: never):
access-idle-help = From 0 to { $max } minutes. It applies when more than one profile is on this computer, or PINs are in use.
access-idle-invalid = Type a whole number of minutes from 0 to { $max }.
access-save = Save sign-in rules
access-reset-title = Forgotten PINs
access-reset-intro = Remove the PIN of a learner who forgot it. They choose a new one and are told that a manager removed it.
access-reset-none = No profile on this computer has a PIN.
access-reset = Remove the PIN of { $name }
access-reset-confirm = Yes, remove the PIN of { $name }

org-title = Organisation on certificates
org-intro = Certificates name your organisation as the issuer, and the person who signs them. Leave a field empty to leave it out. The verification code does not change.
org-save = Save organisation
access-show-author = Show the Author button (for content authors at this computer)
access-tools-for-learners = Show the Manager and Author buttons to signed-in learners too
