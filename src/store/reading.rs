//! Where a learner is in each module's lessons: the page they last had open, so a module
//! reopens there. Nothing else about reading (no time per page) is kept.

use super::{Result, Store};

impl Store {
    /// The lesson page last open in each module, by module id.
    pub fn lesson_pages(&self, learner_id: &str) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT module_id, page FROM lesson_pages WHERE learner_id = ?1 ORDER BY module_id",
        )?;
        let pages = stmt
            .query_map([learner_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(pages)
    }

    /// Records the lesson page open in a module.
    pub fn set_lesson_page(
        &mut self,
        learner_id: &str,
        module_id: &str,
        page: usize,
    ) -> Result<()> {
        let page = i64::try_from(page).unwrap_or(i64::MAX);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO lesson_pages (learner_id, module_id, page) VALUES (?1, ?2, ?3)
                 ON CONFLICT (learner_id, module_id) DO UPDATE SET page = excluded.page",
                rusqlite::params![learner_id, module_id, page],
            )?;
            Ok(())
        })
    }
}
