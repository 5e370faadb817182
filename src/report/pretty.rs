//! Writing a pretty-printed JSON document a piece at a time: each piece printed as it
//! reads nested in the whole, so a streamed document has the very bytes `serde_json` prints
//! for the whole at once. Reports stream their rows and statements through it.

use serde::Serialize;

/// `value` pretty-printed, each line after the first indented by `indent` spaces, as it
/// reads nested in a pretty-printed document.
pub fn nested(
    buffer: &mut Vec<u8>,
    value: &impl Serialize,
    indent: usize,
) -> Result<(), serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            buffer.push(b'\n');
            buffer.extend(std::iter::repeat_n(b' ', indent));
        }
        buffer.extend_from_slice(line.as_bytes());
    }
    Ok(())
}
