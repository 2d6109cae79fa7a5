//! What only documents.csv needs of each document (encoding, sentences, matches, voices,
//! intensity, the parts of the stance and its exact interval), kept on disk as fixed-size records in a
//! temporary file: in memory they would cost a million-document report 60 MB for one
//! table, written once, in one pass.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::sync::{Mutex, PoisonError};

/// One document's fields.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TableFields {
    /// Index into the store's encodings.
    pub encoding: u8,
    pub sentences: u32,
    pub matches: u32,
    pub voices: [u32; 5],
    pub intensity: f64,
    pub positive: f64,
    pub negative: f64,
    pub mass: f64,
    pub low: f64,
    pub high: f64,
}

/// Bytes of one record: 1 + 4 x 7 + 8 x 6 = 77, rounded up.
const RECORD: usize = 80;

/// Records gathered before they are written.
const PENDING: usize = 1024;

/// The records, in the order they were pushed.
#[derive(Debug, Default)]
pub struct Spill {
    /// Created on the first write; read through a buffer, since documents.csv mostly
    /// reads the records in the order they were written.
    file: Option<Mutex<BufReader<File>>>,
    /// Records not written yet.
    pending: Vec<u8>,
    /// Records in the file.
    written: usize,
}

impl Spill {
    pub fn push(&mut self, fields: &TableFields) -> io::Result<()> {
        self.pending.extend_from_slice(&encode(fields));
        if self.pending.len() >= PENDING * RECORD {
            self.write_pending()?;
        }
        Ok(())
    }

    /// Record `k`.
    pub fn get(&self, k: usize) -> io::Result<TableFields> {
        let mut record = [0; RECORD];
        match (k.checked_sub(self.written), &self.file) {
            (Some(pending), _) => {
                let at = pending * RECORD;
                record.copy_from_slice(&self.pending[at..at + RECORD]);
            }
            (None, Some(file)) => {
                let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
                let at = (k * RECORD) as i64 - file.stream_position()? as i64;
                file.seek_relative(at)?;
                file.read_exact(&mut record)?;
            }
            (None, None) => unreachable!("records before `written` are in the file"),
        }
        Ok(decode(&record))
    }

    fn write_pending(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self
                .file
                .insert(Mutex::new(BufReader::new(tempfile::tempfile()?))),
        };
        let file = file.get_mut().unwrap_or_else(PoisonError::into_inner);
        file.seek(SeekFrom::End(0))?;
        file.get_mut().write_all(&self.pending)?;
        self.written += self.pending.len() / RECORD;
        self.pending.clear();
        Ok(())
    }
}

fn encode(f: &TableFields) -> [u8; RECORD] {
    let mut record = [0; RECORD];
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        record[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(&[f.encoding]);
    for n in [f.sentences, f.matches].iter().chain(&f.voices) {
        put(&n.to_le_bytes());
    }
    for x in [f.intensity, f.positive, f.negative, f.mass, f.low, f.high] {
        put(&x.to_le_bytes());
    }
    record
}

fn decode(record: &[u8; RECORD]) -> TableFields {
    let mut at = 1;
    let mut take = |n: usize| {
        at += n;
        &record[at - n..at]
    };
    let mut u32s = [0; 7];
    for n in &mut u32s {
        *n = u32::from_le_bytes(take(4).try_into().expect("4 bytes"));
    }
    let mut f64s = [0.0; 6];
    for x in &mut f64s {
        *x = f64::from_le_bytes(take(8).try_into().expect("8 bytes"));
    }
    let [sentences, matches, voices @ ..] = u32s;
    let [intensity, positive, negative, mass, low, high] = f64s;
    TableFields {
        encoding: record[0],
        sentences,
        matches,
        voices,
        intensity,
        positive,
        negative,
        mass,
        low,
        high,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(k: usize) -> TableFields {
        TableFields {
            encoding: (k % 3) as u8,
            sentences: k as u32,
            matches: 2 * k as u32,
            voices: [1, 2, 3, 4, k as u32],
            intensity: k as f64 / 7.0,
            positive: 0.1 * k as f64,
            negative: -1e-300,
            mass: f64::MAX,
            low: -1.0 / 3.0,
            high: k as f64 * 1e-9,
        }
    }

    #[test]
    fn records_come_back_exactly_from_memory_and_from_disk() {
        let mut spill = Spill::default();
        let n = PENDING * 2 + 10;
        for k in 0..n {
            spill.push(&fields(k)).unwrap();
            if k == PENDING + 1 {
                assert_eq!(spill.get(3).unwrap(), fields(3), "a read between writes");
            }
        }
        assert!(spill.written > 0 && !spill.pending.is_empty());
        for k in [0, 1, PENDING - 1, PENDING, 2 * PENDING + 3, n - 1] {
            assert_eq!(spill.get(k).unwrap(), fields(k), "record {k}");
        }
    }
}
