//! What a report keeps of each document on disk rather than in memory, as fixed-size
//! records in temporary files: what only documents.csv needs (encoding, sentences,
//! matches, voices, intensity, the parts of the stance and its exact interval), 60 MB for
//! a million documents, and the matches the aggregates read ([`Mark`](super::documents::Mark)),
//! 16 bytes each, some 250 bytes for a news article.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::{Mutex, PoisonError};

/// What can be kept as a record of `SIZE` bytes.
pub trait Record: Sized {
    const SIZE: usize;
    /// Appends the record's `SIZE` bytes to `out`.
    fn encode(&self, out: &mut Vec<u8>);
    /// The record from its `SIZE` bytes.
    fn decode(bytes: &[u8]) -> Self;
}

/// One document's fields for documents.csv.
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

/// Bytes of records gathered before they are written.
const PENDING: usize = 64 << 10;

/// The records, in the order they were pushed.
#[derive(Debug)]
pub struct Spill<R> {
    /// Created on the first write.
    file: Option<Mutex<Reader>>,
    /// Records not written yet.
    pending: Vec<u8>,
    /// Records in the file.
    written: usize,
    record: PhantomData<R>,
}

/// The temporary file, read through a buffer, since the records are mostly read in the
/// order they were written, and where in it the next read starts: asking the file (a
/// system call) for every record cost more than reading it.
#[derive(Debug)]
struct Reader {
    file: BufReader<File>,
    /// Unknown after an error.
    at: Option<u64>,
}

impl Reader {
    /// Fills `bytes` from offset `start`.
    fn read_at(&mut self, start: u64, bytes: &mut [u8]) -> io::Result<()> {
        match self.at.take() {
            Some(at) => self.file.seek_relative(start as i64 - at as i64)?,
            None => _ = self.file.seek(SeekFrom::Start(start))?,
        }
        self.file.read_exact(bytes)?;
        self.at = Some(start + bytes.len() as u64);
        Ok(())
    }

    /// Appends `bytes` to the file.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.at = None;
        let end = self.file.seek(SeekFrom::End(0))?;
        self.file.get_mut().write_all(bytes)?;
        self.at = Some(end + bytes.len() as u64);
        Ok(())
    }
}

impl<R> Default for Spill<R> {
    fn default() -> Spill<R> {
        Spill {
            file: None,
            pending: Vec::new(),
            written: 0,
            record: PhantomData,
        }
    }
}

impl<R: Record> Spill<R> {
    pub fn push(&mut self, record: &R) -> io::Result<()> {
        record.encode(&mut self.pending);
        if self.pending.len() >= PENDING {
            self.write_pending()?;
        }
        Ok(())
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.written + self.pending.len() / R::SIZE
    }

    /// Record `k`.
    pub fn get(&self, k: usize) -> io::Result<R> {
        let mut records = self.range(k..k + 1)?;
        Ok(records.remove(0))
    }

    /// Records `range`.
    pub fn range(&self, range: Range<usize>) -> io::Result<Vec<R>> {
        let mut bytes = vec![0; range.len() * R::SIZE];
        let on_disk = range.start.min(self.written)..range.end.min(self.written);
        let (from_disk, from_memory) = bytes.split_at_mut(on_disk.len() * R::SIZE);
        if !on_disk.is_empty() {
            let file = self
                .file
                .as_ref()
                .expect("records before `written` are in the file");
            let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
            file.read_at((on_disk.start * R::SIZE) as u64, from_disk)?;
        }
        let in_memory = (range.start.max(self.written) - self.written) * R::SIZE;
        from_memory.copy_from_slice(&self.pending[in_memory..in_memory + from_memory.len()]);
        Ok(bytes.chunks_exact(R::SIZE).map(R::decode).collect())
    }

    fn write_pending(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(Mutex::new(Reader {
                file: BufReader::new(tempfile::tempfile()?),
                at: Some(0),
            })),
        };
        let file = file.get_mut().unwrap_or_else(PoisonError::into_inner);
        file.append(&self.pending)?;
        self.written += self.pending.len() / R::SIZE;
        self.pending.clear();
        Ok(())
    }
}

/// Reads little-endian numbers off the front of a record.
pub struct Fields<'b>(pub &'b [u8]);

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        head.try_into().expect("N bytes")
    }

    pub fn u8(&mut self) -> u8 {
        u8::from_le_bytes(self.take())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }

    pub fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.take())
    }
}

impl Record for TableFields {
    /// 1 + 4 x 7 + 8 x 6 = 77 bytes, rounded up.
    const SIZE: usize = 80;

    fn encode(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.push(self.encoding);
        for n in [self.sentences, self.matches].iter().chain(&self.voices) {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for x in [
            self.intensity,
            self.positive,
            self.negative,
            self.mass,
            self.low,
            self.high,
        ] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.resize(start + Self::SIZE, 0);
    }

    fn decode(bytes: &[u8]) -> TableFields {
        let mut f = Fields(bytes);
        TableFields {
            encoding: f.u8(),
            sentences: f.u32(),
            matches: f.u32(),
            voices: std::array::from_fn(|_| f.u32()),
            intensity: f.f64(),
            positive: f.f64(),
            negative: f.f64(),
            mass: f.f64(),
            low: f.f64(),
            high: f.f64(),
        }
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
        let per_write = PENDING / TableFields::SIZE;
        let n = per_write * 2 + 10;
        for k in 0..n {
            spill.push(&fields(k)).unwrap();
            if k == per_write + 1 {
                assert_eq!(spill.get(3).unwrap(), fields(3), "a read between writes");
            }
        }
        assert!(spill.written > 0 && !spill.pending.is_empty());
        for k in [0, 1, per_write - 1, per_write, 2 * per_write + 3, n - 1] {
            assert_eq!(spill.get(k).unwrap(), fields(k), "record {k}");
        }
        let across = per_write - 2..2 * per_write + 7;
        let expected: Vec<TableFields> = across.clone().map(fields).collect();
        assert_eq!(
            spill.range(across).unwrap(),
            expected,
            "a range across writes"
        );
        assert_eq!(spill.len(), n);
    }
}
