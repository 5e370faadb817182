-- Schema step 010 (after 009_retention_view): refresher results leave the machine, as
-- graded results do (exports, bundles, the LRS).
--
--   refresher_outbox.position  which answer of its refresher a statement is about, so the
--             sender can tell which answers have their statement (one per answer);
--   refresher_unqueued  refresher answers with no statement in the outbox (answered
--             while delivery was off, imported from a bundle, written by demo data), kept
--             by triggers like `unqueued`, so the sender finds them without comparing
--             every answer with the outbox;
--   outbox_tally  now counts refresher statements too: the sender's status is honest
--             about everything it has to deliver;
--   refresher_answers_by_pair  a learner's answers per module in one index range, for
--             the refresher columns of the completion report.

ALTER TABLE refresher_outbox ADD COLUMN position INTEGER;
CREATE INDEX refresher_outbox_by_answer ON refresher_outbox (refresher_id, position);
CREATE INDEX refresher_answers_by_pair
    ON refresher_answers (learner_id, module_id, answered_at, correct);

CREATE TABLE refresher_unqueued (
    answered_at  TEXT NOT NULL,
    refresher_id TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (answered_at, refresher_id, position)
) STRICT, WITHOUT ROWID;

-- ---- refresher_unqueued, from the answers and their statements ---------------------------

CREATE TRIGGER refresher_answers_unqueued_insert AFTER INSERT ON refresher_answers
BEGIN
    INSERT OR IGNORE INTO refresher_unqueued (answered_at, refresher_id, position)
    SELECT new.answered_at, new.refresher_id, new.position
    WHERE NOT EXISTS (SELECT 1 FROM refresher_outbox
                      WHERE refresher_id = new.refresher_id AND position = new.position);
END;

CREATE TRIGGER refresher_answers_unqueued_delete AFTER DELETE ON refresher_answers
BEGIN
    DELETE FROM refresher_unqueued
    WHERE answered_at = old.answered_at AND refresher_id = old.refresher_id
      AND position = old.position;
END;

CREATE TRIGGER refresher_outbox_unqueued_insert AFTER INSERT ON refresher_outbox
WHEN new.position IS NOT NULL
BEGIN
    DELETE FROM refresher_unqueued
    WHERE refresher_id = new.refresher_id AND position = new.position
      AND answered_at = (SELECT answered_at FROM refresher_answers
                         WHERE refresher_id = new.refresher_id AND position = new.position);
END;

-- Statements forgotten before they were sent: their answer waits for a statement again.
CREATE TRIGGER refresher_outbox_unqueued_delete AFTER DELETE ON refresher_outbox
WHEN old.position IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO refresher_unqueued (answered_at, refresher_id, position)
    SELECT a.answered_at, a.refresher_id, a.position FROM refresher_answers a
    WHERE a.refresher_id = old.refresher_id AND a.position = old.position
      AND NOT EXISTS (SELECT 1 FROM refresher_outbox
                      WHERE refresher_id = old.refresher_id AND position = old.position);
END;

-- ---- outbox_tally, from the refresher outbox too ------------------------------------------

CREATE TRIGGER refresher_outbox_tally_insert AFTER INSERT ON refresher_outbox
BEGIN
    UPDATE outbox_tally SET n = n + 1 WHERE state =
        CASE WHEN new.sent_at IS NOT NULL THEN 'sent'
             WHEN new.last_error IS NOT NULL AND new.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

CREATE TRIGGER refresher_outbox_tally_delete AFTER DELETE ON refresher_outbox
BEGIN
    UPDATE outbox_tally SET n = n - 1 WHERE state =
        CASE WHEN old.sent_at IS NOT NULL THEN 'sent'
             WHEN old.last_error IS NOT NULL AND old.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

CREATE TRIGGER refresher_outbox_tally_update
AFTER UPDATE OF sent_at, last_error, next_try_at ON refresher_outbox
BEGIN
    UPDATE outbox_tally SET n = n - 1 WHERE state =
        CASE WHEN old.sent_at IS NOT NULL THEN 'sent'
             WHEN old.last_error IS NOT NULL AND old.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
    UPDATE outbox_tally SET n = n + 1 WHERE state =
        CASE WHEN new.sent_at IS NOT NULL THEN 'sent'
             WHEN new.last_error IS NOT NULL AND new.next_try_at IS NULL THEN 'rejected'
             ELSE 'pending' END;
END;

-- ---- what is already stored ------------------------------------------------------------

-- Version 8 queued no refresher statements, so every answer waits for one.
INSERT INTO refresher_unqueued (answered_at, refresher_id, position)
SELECT a.answered_at, a.refresher_id, a.position FROM refresher_answers a
WHERE NOT EXISTS (SELECT 1 FROM refresher_outbox o WHERE o.refresher_id = a.refresher_id);

UPDATE outbox_tally SET n = n + (
    SELECT count(*) FROM refresher_outbox
    WHERE CASE WHEN sent_at IS NOT NULL THEN 'sent'
               WHEN last_error IS NOT NULL AND next_try_at IS NULL THEN 'rejected'
               ELSE 'pending' END = outbox_tally.state);
