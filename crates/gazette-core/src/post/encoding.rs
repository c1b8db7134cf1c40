//! A post file's character encoding: reading its bytes into text (UTF-8,
//! UTF-16 by BOM, or a guessed CJK legacy encoding) and writing the text back
//! in the encoding it came in, so an unedited post keeps its exact bytes.

use super::ParseError;

/// The character encoding a post file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (Jekyll strips it when reading).
    Utf8Bom,
    /// UTF-16 little-endian, with a byte order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte order mark.
    Utf16Be,
    /// A legacy East Asian encoding (GBK, Big5, Shift_JIS, EUC-JP,
    /// EUC-KR), detected by chardetng and decoded without a single error.
    Legacy(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The name stored in the archive (`utf-8`, `utf-8-bom`, `utf-16le`,
    /// `utf-16be`, or the WHATWG name of a legacy encoding: `GBK`, `Big5`,
    /// `Shift_JIS`, `EUC-JP`, `EUC-KR`).
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Legacy(encoding) => encoding.name(),
        }
    }

    /// The inverse of [`TextEncoding::as_str`].
    pub fn from_name(name: &str) -> Option<TextEncoding> {
        match name {
            "utf-8" => Some(TextEncoding::Utf8),
            "utf-8-bom" => Some(TextEncoding::Utf8Bom),
            "utf-16le" => Some(TextEncoding::Utf16Le),
            "utf-16be" => Some(TextEncoding::Utf16Be),
            other => encoding_rs::Encoding::for_label(other.as_bytes()).map(TextEncoding::Legacy),
        }
    }
}

/// The legacy encodings Gazette reads when a file is not UTF-8: those of
/// Chinese, Japanese and Korean archives. A guess of any other (a Western
/// code page, say) is refused rather than risk storing mojibake (case BR-13).
const LEGACY: [&encoding_rs::Encoding; 5] = [
    encoding_rs::GBK,
    encoding_rs::BIG5,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_JP,
    encoding_rs::EUC_KR,
];

/// Decodes a post file's bytes. UTF-8 (with or without a BOM) and UTF-16
/// with a BOM are read. Other bytes are guessed with chardetng and read
/// when the guess is GBK, Big5, Shift_JIS, EUC-JP or EUC-KR and decodes
/// without a single error; anything else is refused with the line of the
/// first byte that is not UTF-8 (never stored with U+FFFD or mojibake).
/// NUL bytes outside UTF-16 mean a binary file.
///
/// # Errors
/// [`ParseError`] naming the line and the reason.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), ParseError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let which = if encoding == encoding_rs::UTF_8 {
            TextEncoding::Utf8Bom
        } else if encoding == encoding_rs::UTF_16LE {
            TextEncoding::Utf16Le
        } else {
            TextEncoding::Utf16Be
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(ParseError {
                line: None,
                reason: format!(
                    "the file starts with a {} byte order mark but is not valid {}",
                    encoding.name(),
                    encoding.name()
                ),
            });
        }
        return Ok((text.into_owned(), which));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(ParseError {
            line: Some(line_of(bytes, at)),
            reason: "not UTF-8 text: the file contains NUL bytes, so it is binary, not a post"
                .into(),
        });
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), TextEncoding::Utf8)),
        Err(e) => e,
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if LEGACY.contains(&guess) {
        let (text, had_errors) = guess.decode_without_bom_handling(bytes);
        if !had_errors {
            return Ok((text.into_owned(), TextEncoding::Legacy(guess)));
        }
    }
    let at = utf8_error.valid_up_to();
    Err(ParseError {
        line: Some(line_of(bytes, at)),
        reason: format!(
            "the file is not valid UTF-8 (byte 0x{:02X} at offset {at}) and does not read cleanly as GBK, Big5, Shift_JIS, EUC-JP or EUC-KR (it looks like {}); save it as UTF-8 to import it",
            bytes[at],
            guess.name()
        ),
    })
}

/// Encodes a post's text back into bytes in the encoding it was read in
/// (the inverse of [`decode`]): a UTF-8 BOM and UTF-16 BOMs are written
/// back, legacy encodings are encoded with `encoding_rs`.
///
/// # Errors
/// A message naming the first character the encoding cannot hold (a
/// character outside GBK, say), or saying the bytes would not read back as
/// the same text.
pub fn encode(text: &str, encoding: TextEncoding) -> Result<Vec<u8>, String> {
    let bytes = match encoding {
        TextEncoding::Utf8 => text.as_bytes().to_vec(),
        TextEncoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        TextEncoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        TextEncoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        TextEncoding::Legacy(enc) => {
            if let Some(c) = text.chars().find(|c| {
                let mut buf = [0u8; 4];
                enc.encode(c.encode_utf8(&mut buf)).2
            }) {
                return Err(format!(
                    "the character {c:?} (U+{:04X}) cannot be written in {}, the encoding of this post",
                    c as u32,
                    enc.name()
                ));
            }
            enc.encode(text).0.into_owned()
        }
    };
    match decode(&bytes) {
        Ok((back, _)) if back == text => Ok(bytes),
        _ => Err(format!(
            "the text would not read back unchanged in {}",
            encoding.as_str()
        )),
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}
