//! CSV files saved on Windows or by Excel end their lines in CR LF. The csv crate starts
//! the record after such a line break at its LF and counts it on the line before, so
//! every line number mizan gave for such a file was one short. [`LineFeeds`] hands the
//! csv reader the file with each CR LF as a bare LF, and the lines come out right.

use std::io::{self, Read};

/// `inner` with the CR of every CR LF dropped (other CRs are kept).
pub struct LineFeeds<R> {
    inner: R,
    /// Bytes read and cleaned, handed on from `at`.
    chunk: Vec<u8>,
    at: usize,
    /// The last byte read was a CR, not handed on yet: the next read says whether an LF
    /// follows it.
    held_cr: bool,
}

/// Bytes read from the inner reader at a time.
const CHUNK: usize = 8192;

impl<R: Read> LineFeeds<R> {
    pub fn new(inner: R) -> LineFeeds<R> {
        LineFeeds {
            inner,
            chunk: Vec::new(),
            at: 0,
            held_cr: false,
        }
    }

    /// Reads the next cleaned chunk; false at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        loop {
            let held = usize::from(self.held_cr);
            self.chunk.resize(held + CHUNK, 0);
            if self.held_cr {
                self.chunk[0] = b'\r';
            }
            let n = self.inner.read(&mut self.chunk[held..])?;
            self.at = 0;
            if n == 0 {
                // The end: a held CR is a byte of the file like any other.
                self.chunk.truncate(held);
                self.held_cr = false;
                return Ok(held > 0);
            }
            let len = held + n;
            self.held_cr = self.chunk[len - 1] == b'\r';
            let kept = drop_crs_before_lfs(&mut self.chunk[..len - usize::from(self.held_cr)]);
            self.chunk.truncate(kept);
            if kept > 0 {
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for LineFeeds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.chunk.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.chunk.len() - self.at);
        buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Removes, in place, each CR followed by an LF in `bytes`; returns the length left.
fn drop_crs_before_lfs(bytes: &mut [u8]) -> usize {
    let mut kept = 0;
    for i in 0..bytes.len() {
        let cr_before_lf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
        if !cr_before_lf {
            bytes[kept] = bytes[i];
            kept += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` through [`LineFeeds`] in chunks of `chunk` bytes.
    fn through(input: &[u8], chunk: usize) -> Vec<u8> {
        let mut reader = LineFeeds::new(input);
        let mut out = Vec::new();
        let mut buf = vec![0; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    #[test]
    fn crlf_becomes_lf_across_any_chunking() {
        let input = b"id,text\r\na,\"x\ry\"\r\nb,z\r\r\n\r";
        for chunk in 1..=input.len() + 1 {
            assert_eq!(
                through(input, chunk),
                b"id,text\na,\"x\ry\"\nb,z\r\n\r",
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn csv_line_numbers_are_right_for_crlf_files() {
        let data = "id,text\r\nx,a\r\ny,b\r\n";
        let mut reader = csv::Reader::from_reader(LineFeeds::new(data.as_bytes()));
        let lines: Vec<u64> = reader
            .records()
            .map(|r| r.unwrap().position().unwrap().line())
            .collect();
        assert_eq!(lines, [2, 3]);
    }
}
