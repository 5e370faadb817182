# Spaced refreshers: questions that come back some days after a module.

refresher-today = Today's refresher: { $count ->
    [one] 1 question
   *[other] { $count } questions
} (± { $minutes } min)
refresher-why = Questions you answered before come back just before they are easy to forget. The results never change your score or certificate.
refresher-more-later = { $count } more wait after this one; no need to do them at once, the next refreshers take them.
refresher-start = Start refresher
refresher-next = Next refresher: { $date }
refresher-banner = Refresher: not graded, only to remember.
refresher-question-of = Refresher question { $n } of { $total }
refresher-read-again = Read again: { $lesson } ({ $module })
refresher-done-title = Refresher done
refresher-done-summary = { $right } of { $total } answered right.
refresher-done-note = Questions you got wrong come back sooner; those you got right come back later. Your score and certificate are unchanged.
refresher-right = Right
refresher-wrong = Not quite
refresher-saving = saving…
refresher-comes-back = comes back { $date }
refresher-home = Back to home
refresher-nudge-toggle = Remind me with a desktop notification when refreshers are due (at most once a day)
refresher-nudge-summary = Jaga: today's refresher
refresher-nudge-body = { $count } questions are waiting (± { $minutes } min). Open Jaga to start.
