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
