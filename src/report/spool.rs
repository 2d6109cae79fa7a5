//! `matches.csv` written while a corpus is scored: each document's rows go to the report
//! folder as soon as it is scored (they need its text, which is then dropped), in input
//! order; [`MatchesSpool::finish`] puts them in the report's order (by id) when the input
//! was not already in it.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::tables::MatchRows;
use crate::growth::Grow;
use crate::lexicon::Lexicon;
use crate::pipeline::ScoredDocument;

/// The rows of `matches.csv` as they are scored, with where each document's rows are.
pub struct MatchesSpool {
    dir: PathBuf,
    file: BufWriter<File>,
    rows: MatchRows,
    written: u64,
    /// Where each document's rows begin, in input order (they end where the next
    /// document's begin).
    starts: Vec<u64>,
}

/// The spool's file name in the report folder until it becomes `matches.csv`.
const SPOOL: &str = "matches.csv.spool";

impl MatchesSpool {
    /// Starts the spool in the (staging) report folder `dir`.
    pub fn create(dir: &Path) -> Result<MatchesSpool> {
        let path = dir.join(SPOOL);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut file = BufWriter::new(file);
        let header = MatchRows::header()?;
        file.write_all(&header)?;
        Ok(MatchesSpool {
            dir: dir.to_path_buf(),
            file,
            rows: MatchRows::default(),
            written: header.len() as u64,
            starts: Vec::new(),
        })
    }

    /// Writes the rows of the next document in input order.
    pub fn write(&mut self, lexicon: &Lexicon, doc: &ScoredDocument) -> Result<()> {
        let rows = self.rows.document(lexicon, doc)?;
        self.file
            .write_all(rows)
            .context("cannot write matches.csv")?;
        self.starts.grow(1);
        self.starts.push(self.written);
        self.written += rows.len() as u64;
        Ok(())
    }

    /// Writes `matches.csv` with the documents in `order` (input positions, one per
    /// document written): the spool itself when that is the input order.
    pub fn finish(self, order: &[u32]) -> Result<()> {
        let spool = self.dir.join(SPOOL);
        let path = self.dir.join("matches.csv");
        let mut spooled = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", spool.display()))?;
        if order
            .iter()
            .enumerate()
            .all(|(i, &slot)| i == slot as usize)
        {
            return fs::rename(&spool, &path)
                .with_context(|| format!("cannot write {}", path.display()));
        }
        let mut out = BufWriter::new(
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
        );
        out.write_all(&MatchRows::header()?)?;
        let mut buffer = Vec::new();
        for &slot in order {
            let slot = slot as usize;
            let start = self.starts[slot];
            let end = self.starts.get(slot + 1).copied().unwrap_or(self.written);
            buffer.resize((end - start) as usize, 0);
            spooled.seek(SeekFrom::Start(start))?;
            spooled.read_exact(&mut buffer)?;
            out.write_all(&buffer)?;
        }
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
        fs::remove_file(&spool).with_context(|| format!("cannot remove {}", spool.display()))
    }
}
