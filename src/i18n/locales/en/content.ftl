# Problems found in module files: what `jaga validate` prints and the author's window shows.
# The line's `path:line:col: error:` prefix is not translated; only the message after it.

## Counts
diag-count-errors = { $count ->
    [one] 1 error
   *[other] { $count } errors
}
diag-count-warnings = { $count ->
    [one] 1 warning
   *[other] { $count } warnings
}
diag-checked = { $summary } in { $files ->
    [one] 1 file
   *[other] { $files } files
} checked

## Pieces of messages
diag-did-you-mean = ; did you mean `{ $name }`?
diag-inside = {" "}in `{ $outer }`

## What a text or an item is
what-module-title = module title
what-module-summary = module summary
what-lesson-title = lesson title
what-heading = heading
what-paragraph = paragraph
what-bullet = bullet
what-takeaway = takeaway
what-callout-title = callout title
what-callout-text = callout text
what-image-alt = image's alt text
what-image-caption = image caption
what-question-prompt = question
what-question-feedback = question feedback
what-statement = statement
what-feedback = feedback
what-choice-text = choice text
what-choice-feedback = choice feedback
what-scenario-title = scenario title
what-scenario-prompt = scenario prompt
what-node-text = node text
what-ending-text = ending text
what-band-feedback = band feedback
what-lesson = lesson
what-question = question
what-choice = choice
what-node = node
what-segment = segment
what-segment-label = segment label
what-segment-text = segment text
what-segment-feedback = segment feedback
what-step = step
what-step-text = step text
what-step-feedback = step feedback
what-category = category
what-category-text = category text
what-match-item = item
what-match-item-text = item text
what-match-item-feedback = item feedback

## Reading the file
diag-file-cannot-open = cannot open the file: { $reason }
diag-file-cannot-read = cannot read the file: { $reason }
diag-file-not-regular = not a regular file (a pipe, a device or a folder); module files must be ordinary files
diag-file-links-outside = the file is a link to a place outside the content folder, so it was not read; copy the module into the folder instead
diag-file-too-big = the file is { $size }, over the { $limit } MiB limit for a module file; split it into smaller modules
diag-file-not-utf8 = the file is not UTF-8 text (byte { $byte } here); save it as UTF-8 in your editor

## The file's shape (RON syntax)
syntax-never-closed = the `{ $bracket }` opened at { $opened } is never closed: a `{ $closer }` is probably missing just before this
syntax-never-closed-at-end = the `{ $bracket }` opened at { $opened } is never closed: add a `{ $closer }` at the end of what it holds
syntax-closed-by-other = the `{ $bracket }` opened at { $opened } is never closed: this `{ $found }` comes first, so a `{ $closer }` is probably missing before it
syntax-closes-nothing = this `{ $bracket }` closes nothing: remove it, or add the `{ $opener }` it was meant to close
syntax-comma-missing-field = a comma `,` is missing here, after this value and before the field `{ $field }` at { $next }
syntax-comma-missing-item = a comma `,` is missing here, between this value and the next one at { $next }
syntax-text-never-closed = a text is not closed: add the closing double quote `"`
syntax-comment-never-closed = a /* comment is not closed with */
syntax-quote-missing = the text opened at { $opened } is probably not closed: add the closing double quote `"` at the end of its line, here
syntax-paren-missing-after = `{ $name }` is followed by its fields but no `(`: add `(` after it, here
syntax-opener-missing = the `{ $closer }` at { $closed } closes nothing: its `{ $opener }` is probably missing here, at the end of this line
syntax-opener-missing-before = the `{ $closer }` at { $closed } closes nothing: its `{ $opener }` is probably missing just before this
syntax-opener-missing-after = the `{ $closer }` at { $closed } closes nothing: its `{ $opener }` is probably missing here, after this `{ $bracket }`
diag-ron-too-deep = values are nested more than { $limit } levels deep; a module never needs that many
diag-ron-eof = the file ends too early: a bracket or parenthesis is probably not closed
diag-ron-expected-comma = expected a comma `,` here, after the previous field or item
diag-ron-trailing = unexpected text after the end of the module; is a bracket closed too early?
diag-ron-missing-field = missing field `{ $field }`{ $inside }
diag-ron-duplicate-field = field `{ $field }` is given twice{ $inside }
diag-ron-unknown-field = unknown field `{ $found }`{ $inside }{ $hint } The fields here are { $expected }
diag-ron-unknown-kind = unknown kind `{ $found }`{ $inside }{ $hint } It can be one of { $expected }
diag-ron-wrong-struct = expected `{ $expected }(...)` here, found `{ $found }(...)`
diag-ron-other = { $detail }

## The module
diag-duplicate-key = `{ $key }` is given twice in this text; only the last one would be used — keep one
diag-duplicate-module = duplicate module id `{ $id }`: { $first } already uses it; module ids must be unique in a course
diag-module-id-not-slug = module id `{ $id }` must be a slug: lowercase letters, digits and single hyphens, like `phishing-basics`
diag-no-languages = declare at least one language, for example languages: ["id", "en"]
diag-bad-language-code = `{ $lang }` is not a language code; use a code like "id", "en" or "pt-BR"
diag-language-twice = language `{ $lang }` is declared twice
diag-minutes-zero = estimated minutes is 0; say how long the module takes so learners can plan
diag-tag-empty = a tag must not be empty
diag-no-lessons = the module has no lessons; learners go straight to the assessment
diag-no-takeaways = the module has no key takeaways; end a lesson with a Takeaways([...]) block
diag-warn-days-without-validity = warn_days_before has no effect without valid_for_days
diag-validity-zero = valid_for_days must be at least 1; leave it out if a pass never expires
diag-warn-days-too-large = warn_days_before ({ $warn }) is not less than valid_for_days ({ $days }): a pass would be 'expiring soon' from the day it is earned
diag-text-missing-translations = the { $what } is missing its { $list } { $count ->
    [one] translation
   *[other] translations
} (the module declares languages { $languages })
diag-text-extra-language = `{ $lang }` is not one of the module's languages ({ $languages }); add it to languages or remove this text
diag-text-empty = the `{ $lang }` { $what } is empty
diag-item-id-invalid = { $what } id `{ $id }` must be 1 to 64 letters, digits, '-', '_' or '.', without spaces
diag-item-id-duplicate = duplicate { $what } id `{ $id }`: each { $what } needs its own id
diag-band-outside = band starts at { $from }%, outside 0–100
diag-band-twice = two bands start at { $from }%; each band needs its own start
diag-no-band-at-zero = no band starts at 0%, so scores below { $lowest }% get no band feedback
diag-coverage-missing = the { $what } has no `{ $lang }` translation
diag-coverage-unchanged = the `{ $lang }` { $what } is the same as the `{ $same_as }` one; translate it, or leave it if it is a name

## Lessons
diag-lesson-empty = the lesson has no blocks to read
diag-list-empty = a list of { $what }s needs at least one item
diag-image-backslash = image path `{ $path }` uses '\'; write paths with '/', like assets/images/x.png
diag-image-absolute = image path `{ $path }` is absolute; write it relative to the content folder, like assets/images/x.png
diag-image-escapes = image path `{ $path }` escapes the content folder or has empty parts; keep images inside assets/
diag-image-outside-assets = image path `{ $path }` must be under assets/, like assets/images/x.png
diag-image-not-png = image `{ $path }` is not a PNG file; Jaga shows PNG images
diag-image-not-bundled = image `{ $path }` does not exist in the bundled assets
diag-image-no-assets-folder = image `{ $path }` cannot be found: there is no assets folder beside the modules
diag-image-assets-unreadable = cannot open the assets folder { $folder }: { $reason }
diag-image-missing = image `{ $path }` does not exist (looked for { $looked_for })
diag-image-links-outside = image `{ $path }` links to a file outside the assets folder
diag-image-not-a-file = image `{ $path }` is not a file
diag-image-not-png-data = image `{ $path }` is not PNG data (its first bytes are not a PNG signature); save it as PNG
diag-image-too-big = image `{ $path }` is { $size }, over the { $limit } MiB limit for an image; make it smaller
diag-image-assets-linked = the assets folder { $folder } is a link to another place; make it a real folder inside the content folder

## The assessment
diag-pass-mark-outside = pass mark { $mark } is outside 0–100; it is the percentage needed to pass
diag-no-questions = the assessment has no questions; add at least one
diag-draw-zero = draw must be at least 1
diag-draw-too-large = draw of { $draw } questions is larger than the pool of { $pool }
diag-always-ask-without-draw = always_ask has no effect without a draw: every question is asked anyway
diag-always-ask-over-draw = { $pinned } questions are marked always_ask, more than the draw of { $draw }; raise the draw or pin fewer questions
diag-points-zero = points must be at least 1; it is the question's weight in the score
diag-teaches-unknown-lesson = question `{ $id }` says lesson `{ $lesson }` teaches it, but the module has no such lesson{ $hint }
diag-single-choice-correct = single-choice question `{ $id }` has { $correct } correct choices; it needs exactly one (use MultipleChoice for more)
diag-multiple-choice-none-correct = multiple-choice question `{ $id }` has no correct choice; mark at least one with correct: true
diag-choice-weight-range = choice `{ $id }` has a weight outside -100 to 100; a weight is the percent of the question's points that picking it earns
diag-choice-weight-on-right = choice `{ $id }` is the right choice and always earns full marks; remove its weight (weights are partial credit for other choices)
diag-single-choice-negative-weight = choice `{ $id }` of a single choice has a negative weight; a wrong pick already earns nothing, so use a weight from 0 to 100
diag-choice-weight-needs-weighted = choice `{ $id }` has a weight, which only counts with scoring: Weighted; remove it or use Weighted
diag-choice-weight-missing = choice `{ $id }` has no weight; with scoring: Weighted every choice needs one (negative for a wrong choice)
diag-choice-weight-contradicts = choice `{ $id }` is marked correct: true but its weight is not positive; a right choice needs a positive weight
diag-weights-below-full = the positive weights add up to { $sum }%, so no answer earns full marks; make them add up to 100
diag-weights-above-full = the positive weights add up to { $sum }%, so full marks come before every right choice is picked; Moodle asks for 100
diag-true-false-no-answer = true/false question `{ $id }` is missing its answer; add answer: true or answer: false
diag-true-false-no-feedback = true/false question `{ $id }` has no feedback_{ $which }: say why answering { $which } is right or wrong
diag-too-few-choices = a choice question needs at least two choices
diag-choice-no-feedback-right = choice `{ $id }` has no feedback: tell the learner why it is right
diag-choice-no-feedback-wrong = choice `{ $id }` has no feedback: tell the learner why it is wrong

## Spot the leak, ordering, matching
diag-spot-too-few-segments = spot-the-leak question `{ $id }` needs at least two segments, so there is something to tell apart
diag-spot-nothing-marked = spot-the-leak question `{ $id }` has no marked segment; give the segments that leak mark: Leak or mark: PersonalData
diag-spot-all-marked = every segment of spot-the-leak question `{ $id }` is marked, so marking everything gets full marks; add a harmless segment
diag-spot-marked-no-feedback = segment `{ $id }` is marked but has no feedback: tell the learner what it gives away and what to do instead
diag-ordering-too-few-steps = ordering question `{ $id }` needs at least two steps
diag-matching-too-few-categories = matching question `{ $id }` needs at least two categories
diag-matching-too-few-items = matching question `{ $id }` needs at least two items
diag-matching-unknown-category = item `{ $id }` belongs to category `{ $category }`, which the question does not have (it has { $known })

## Scenarios
diag-scenario-start-missing = scenario `{ $id }` starts at node `{ $start }`, which does not exist{ $hint }
diag-scenario-no-ending = scenario `{ $id }` has no ending; add at least one Ending(...) node
diag-scenario-back-undoes-penalty = scenario `{ $id }` lets learners step back and has choices that cost points: stepping back undoes the penalty; turn allow_back off or use Static scoring
diag-node-dead-end = node `{ $id }` is a dead end: a Step needs choices; make it an Ending if the story stops here
diag-choice-target-missing = choice `{ $id }` leads to node `{ $to }`, which does not exist{ $hint }
diag-scenario-choice-no-feedback = choice `{ $id }` has no feedback: tell the learner what this choice leads to and why
diag-choice-points-ignored = choice `{ $id }` has points, but the scenario uses Static scoring (the ending's score), so they are ignored
diag-ending-score-ignored = ending `{ $id }` has a score, but the scenario uses Dynamic scoring (the sum of choice points), so it is ignored
diag-node-unreachable = node `{ $node }` of scenario `{ $id }` cannot be reached from the start node `{ $start }`
diag-node-no-way-out = from node `{ $node }` no ending can be reached: a learner who gets here loops forever; give one of its paths a way to an Ending
diag-scenario-too-many-paths = scenario `{ $id }` has too many paths to work out its best score; split it into smaller scenarios
diag-scenario-no-score-static = scenario `{ $id }` cannot earn any score, so it cannot be marked; give the best ending a score: Ending(..., score: 10)
diag-scenario-no-score-dynamic = scenario `{ $id }` cannot earn any score, so it cannot be marked; give good choices points: Choice(..., points: 1)
diag-choice-points-on-loop = choice `{ $id }` earns points and lies on a loop; the score is capped at the best path without repeats, so looping earns nothing extra

## jaga new course
new-course-exists = { $dir } already holds { $count ->
    [one] a file
   *[other] { $count } files
} of the course; nothing was written. Choose an empty folder, or add --force to replace them:{ $files }
new-course-cannot-create = cannot create the folder { $dir }: { $reason }
new-course-written = wrote { $modules } module files and { $images ->
    [one] 1 image
   *[other] { $images } images
} to { $dir }. Check them with `jaga validate --content { $dir }`, or edit them with `jaga --author --content { $dir }`.

## Author window: open a problem in the editor
author-open-in-editor = Open this place in your editor (click or press Enter)
author-editor-heading = Open in editor
author-editor-help = Clicking a problem opens its file at the line in your editor. Give the command, with { "{file}" }, { "{line}" } and { "{col}" } where they go, like code -g { "{file}" }:{ "{line}" }:{ "{col}" }. Left empty, Jaga uses $VISUAL or $EDITOR (with +line for vi, vim, nano or emacs), otherwise the system's opener, which opens the file without going to the line.
author-editor-command = Editor command
author-editor-save = Save editor command
author-editor-saved = Saved. Problems now open with this command.
editor-empty = the editor command is empty
editor-unclosed-quote = the editor command has a quote that is never closed: { $template }
editor-cannot-start = the editor did not start ({ $program }): { $reason }. Check the "Open in editor" command above.
editor-no-such-program = there is no program by that name on this computer

# The course's own checks: glossary, giveaways, the course file.

# Jaga — content checks worded for authors, in English (`jaga validate`, author mode).
# Every key here must also be in id/content.ftl (tested).

lint-giveaway-longest = in { $count } of { $total } choice questions the right answer is the longest choice by a clear margin in the `{ $lang }` texts ({ $questions }), so a learner can pick it without reading; rewrite the wrong choices as plausible, half-right actions of similar length
lint-giveaway-count = the prompt says how many answers are right ("{ $word }"), so learners stop weighing each choice once they have found that many; ask for every right answer without the number
lint-glossary-term = `{ $found }` is not the course's term in `{ $lang }`: write `{ $preferred }` (see { $glossary })

glossary-bad-language = `{ $code }` is not a language code; use a code like "id", "en" or "pt-BR"
glossary-empty-term = a term must not be empty
glossary-nothing-deprecated = `{ $preferred }` lists no deprecated forms; add the forms authors should not write
glossary-preferred-and-deprecated = `{ $term }` is both the preferred form and a deprecated one; remove it from deprecated
glossary-deprecated-twice = `{ $term }` is deprecated twice for `{ $lang }`; keep it under one term

course-no-languages = declare at least one language, for example languages: ["id", "en"]
course-bad-language = `{ $code }` is not a language code, or is declared twice; use codes like "id" and "en", once each
course-missing-translation = this text is missing its `{ $lang }` translation (the course file declares it)
course-empty-text = the `{ $lang }` text is empty
course-undeclared-language = `{ $lang }` is not one of the course file's languages; add it to languages or remove this text
course-no-tracks = the course file has no tracks; add at least one Track(...) or remove the file
course-track-id = track id `{ $id }` must be a slug: lowercase letters, digits and single hyphens, like `inti`
course-track-twice = track id `{ $id }` is used twice; each track needs its own id
course-pass-mark-range = minimum pass mark { $mark } is outside 0–100
course-track-empty = track `{ $id }` has no modules; list the ids of its modules
course-unknown-module = there is no module `{ $id }` in the course
course-unknown-module-near = there is no module `{ $id }` in the course; did you mean `{ $near }`?
course-module-twice = module `{ $id }` is listed twice in this track
course-pass-mark-below = module `{ $id }` passes at { $mark }%, below this track's minimum of { $min }%; raise its pass_mark
course-module-in-no-track = module `{ $id }` is in no track; learners see it only among the optional modules
course-key-twice = `{ $key }` is given twice in this text; only the last one would be used — keep one

track-everything = All modules
