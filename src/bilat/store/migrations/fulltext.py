"""The SQLite full-text DDL of revisions 0001 and 0002, kept in one place.

Frozen with those revisions: a later change to the full-text index is a new revision with DDL
of its own, never an edit here. One FTS5 table with a row per article (title and text) and per
event (evidence), kept in step by triggers; ``fts_rowid`` remembers each row's index row.
Revision 0002 rebuilds ``articles`` and ``events`` in batch mode, which drops their triggers, so
it creates them again.
"""

SQLITE_TABLE = """CREATE VIRTUAL TABLE IF NOT EXISTS fulltext USING fts5(
        body, kind UNINDEXED, ref UNINDEXED, article_id UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )"""

SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS articles_fulltext_insert AFTER INSERT ON articles BEGIN
        INSERT INTO fulltext(body, kind, ref, article_id)
        VALUES (coalesce(new.title || char(10), '') || new.text, 'article', new.id, new.id);
        UPDATE articles SET fts_rowid = last_insert_rowid() WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fulltext_delete AFTER DELETE ON articles BEGIN
        DELETE FROM fulltext WHERE rowid = old.fts_rowid;
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fulltext_update
        AFTER UPDATE OF title, text ON articles BEGIN
        DELETE FROM fulltext WHERE rowid = old.fts_rowid;
        INSERT INTO fulltext(body, kind, ref, article_id)
        VALUES (coalesce(new.title || char(10), '') || new.text, 'article', new.id, new.id);
        UPDATE articles SET fts_rowid = last_insert_rowid() WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS events_fulltext_insert AFTER INSERT ON events BEGIN
        INSERT INTO fulltext(body, kind, ref, article_id)
        VALUES (coalesce(new.evidence_text, ''), 'event', new.id, new.article_id);
        UPDATE events SET fts_rowid = last_insert_rowid() WHERE id = new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS events_fulltext_delete AFTER DELETE ON events BEGIN
        DELETE FROM fulltext WHERE rowid = old.fts_rowid;
    END""",
    """CREATE TRIGGER IF NOT EXISTS events_fulltext_update
        AFTER UPDATE OF evidence_text ON events BEGIN
        DELETE FROM fulltext WHERE rowid = old.fts_rowid;
        INSERT INTO fulltext(body, kind, ref, article_id)
        VALUES (coalesce(new.evidence_text, ''), 'event', new.id, new.article_id);
        UPDATE events SET fts_rowid = last_insert_rowid() WHERE id = new.id;
    END""",
]

SQLITE_FULLTEXT = [SQLITE_TABLE, *SQLITE_TRIGGERS]
