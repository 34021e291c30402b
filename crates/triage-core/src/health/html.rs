//! Service-health posts arrive as HTML (`description.contentType: html`). Triage shows and matches
//! them as plain text, so the HTML is reduced here: tags removed, entities decoded, block tags
//! turned into line breaks, `<script>`/`<style>` bodies dropped, the length capped.
//!
//! This is not an HTML parser and need not be one: the output is text, never markup, so the app
//! must display it as text (Yew does), and a decoded `&lt;script&gt;` is harmless characters.

/// At most this many characters are kept from a post; the rest is replaced by `…`. A post is
/// read by a person in a side panel, and long posts only repeat earlier updates.
pub const MAX_POST_CHARS: usize = 4000;

/// Reduces an HTML fragment to plain text. Never panics; malformed markup degrades to text.
pub fn html_to_text(html: &str) -> String {
    let mut out = Text::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if out.full {
            break;
        }
        let run = plain_run(rest);
        if run > 0 {
            out.push_ascii(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        rest = match c {
            '<' => tag(rest, &mut out),
            '&' => {
                let (decoded, used) = entity(rest);
                out.push(decoded);
                &rest[used..]
            }
            c => {
                out.push(c);
                &rest[c.len_utf8()..]
            }
        };
    }
    out.finish()
}

/// The same tidying (whitespace, control characters, cap) for a post whose `contentType` is text.
pub(crate) fn plain_to_text(text: &str) -> String {
    let mut out = Text::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if out.full {
            break;
        }
        let run = rest
            .bytes()
            .take_while(|b| b.is_ascii_graphic() || *b == b'<' || *b == b'&')
            .count();
        if run > 0 {
            out.push_ascii(&rest[..run]);
            rest = &rest[run..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.finish()
}

/// The length of the leading run of printable ASCII that needs no decoding or whitespace
/// folding (single spaces between words are kept as they are): copied in one go, as posts are
/// mostly such runs.
fn plain_run(s: &str) -> usize {
    let plain = |b: u8| b.is_ascii_graphic() && b != b'<' && b != b'&';
    let bytes = s.as_bytes();
    let mut n = 0;
    while let Some(&b) = bytes.get(n) {
        if plain(b) || (b == b' ' && n > 0 && bytes.get(n + 1).is_some_and(|&next| plain(next))) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

/// Handles the markup at the start of `rest` (which starts with `<`); returns what follows it.
fn tag<'a>(rest: &'a str, out: &mut Text) -> &'a str {
    if let Some(comment) = rest.strip_prefix("<!--") {
        return comment.find("-->").map_or("", |end| &comment[end + 3..]);
    }
    let body = &rest[1..];
    let closing = body.starts_with('/');
    let name_start = usize::from(closing);
    let name_len = body[name_start..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let starts_with_letter = body[name_start..]
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic());
    if !starts_with_letter && !body.starts_with('!') && !body.starts_with('?') {
        // "a < b" or "<3": not a tag.
        out.push('<');
        return body;
    }
    // Tag names that matter are short: lowercase them into a small buffer and match once.
    let mut lower = [0u8; 10];
    let name = body.as_bytes().get(name_start..name_start + name_len);
    let name = match name {
        Some(n) if n.len() <= lower.len() => {
            for (l, b) in lower.iter_mut().zip(n) {
                *l = b.to_ascii_lowercase();
            }
            &lower[..n.len()]
        }
        _ => &[][..],
    };
    let Some(end) = tag_end(body) else {
        return ""; // an unfinished tag at the end: drop it
    };
    let after = &body[end + 1..];
    match name {
        b"script" | b"style" if !closing => {
            let close = if name == b"script" {
                "</script"
            } else {
                "</style"
            };
            return match find_ignore_case(after, close) {
                Some(at) => {
                    let tail = &after[at..];
                    tail.find('>').map_or("", |gt| &tail[gt + 1..])
                }
                None => "",
            };
        }
        // Items start a line; their end does not, or lists would be double-spaced.
        b"br" | b"li" | b"tr" | b"dt" | b"dd" if !closing => out.push('\n'),
        b"p" | b"div" | b"ul" | b"ol" | b"table" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5"
        | b"h6" | b"blockquote" | b"pre" | b"hr" | b"section" | b"article" | b"header"
        | b"footer" => out.push('\n'),
        b"td" | b"th" => out.push(' '),
        _ => {}
    }
    after
}

/// Byte index of the `>` that ends the tag starting `body`, skipping quoted attribute values.
fn tag_end(body: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in body.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes the entity at the start of `rest` (which starts with `&`). Returns the character and
/// how many bytes it used; an unknown or broken entity is a literal `&`.
fn entity(rest: &str) -> (char, usize) {
    let literal = ('&', 1);
    let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
        return literal;
    };
    let name = &rest[1..semi];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse::<u32>().ok(),
        };
        match value.and_then(char::from_u32) {
            // A NUL or other control character from an entity is noise; keep line breaks and tabs.
            Some(c) if c.is_control() && c != '\n' && c != '\t' => ' ',
            Some(c) => c,
            None => '\u{fffd}',
        }
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "hellip" => '…',
            "bull" => '•',
            "middot" => '·',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            _ => return literal,
        }
    };
    (decoded, semi + 1)
}

/// The text being built: runs of spaces collapse to one, lines are trimmed, at most one blank line
/// in a row, and writing stops at [`MAX_POST_CHARS`].
#[derive(Default)]
struct Text {
    out: String,
    chars: usize,
    pending_space: bool,
    newlines: usize,
    full: bool,
}

impl Text {
    fn with_capacity(input_len: usize) -> Text {
        Text {
            out: String::with_capacity(input_len.min(MAX_POST_CHARS * 3)),
            ..Text::default()
        }
    }

    fn push(&mut self, c: char) {
        if self.full {
            return;
        }
        if c == '\n' {
            self.pending_space = false;
            if !self.out.is_empty() && self.newlines < 2 {
                self.write('\n');
                self.newlines += 1;
            }
            return;
        }
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        if c.is_control() {
            return;
        }
        if self.pending_space && self.newlines == 0 && !self.out.is_empty() {
            self.write(' ');
        }
        self.pending_space = false;
        self.newlines = 0;
        self.write(c);
    }

    /// `push` for a run of printable ASCII with at most single spaces between characters.
    fn push_ascii(&mut self, run: &str) {
        if self.full || run.is_empty() {
            return;
        }
        if self.pending_space && self.newlines == 0 && !self.out.is_empty() {
            self.write(' ');
        }
        self.pending_space = false;
        self.newlines = 0;
        let room = MAX_POST_CHARS.saturating_sub(self.chars);
        let take = run.len().min(room);
        self.out.push_str(&run[..take]);
        self.chars += take;
        if take < run.len() {
            self.full = true;
        }
    }

    fn write(&mut self, c: char) {
        if self.chars >= MAX_POST_CHARS {
            self.full = true;
            return;
        }
        self.out.push(c);
        self.chars += 1;
    }

    fn finish(mut self) -> String {
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        if self.full {
            self.out.push('…');
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduces_markup_to_lines() {
        let html = "<p>Title: Mail delay</p><p>User impact: users may&nbsp;see delays.<br>More&amp;more</p><ul><li>One</li><li>Two</li></ul>";
        assert_eq!(
            html_to_text(html),
            "Title: Mail delay\n\nUser impact: users may see delays.\nMore&more\n\nOne\nTwo"
        );
    }

    #[test]
    fn decodes_entities_and_keeps_broken_ones_literal() {
        assert_eq!(
            html_to_text(
                "&lt;b&gt; &quot;x&quot; &#39;y&#39; &#65;&#x42;&#X43; &bogus; & x &#xZZ;"
            ),
            "<b> \"x\" 'y' ABC &bogus; & x \u{fffd}"
        );
        assert_eq!(html_to_text("&#0;a&#1114112;"), "a\u{fffd}");
    }

    #[test]
    fn drops_script_style_and_comments() {
        let html = "a<script type=\"text/javascript\">alert('<p>x</p>')</SCRIPT>b<style>p{}</style>c<!-- hidden -->d";
        assert_eq!(html_to_text(html), "abcd");
        assert_eq!(html_to_text("x<script>never closed"), "x");
        assert_eq!(html_to_text("x<!-- never closed"), "x");
    }

    #[test]
    fn odd_markup_degrades_to_text() {
        assert_eq!(html_to_text("1 < 2 and <3"), "1 < 2 and <3");
        assert_eq!(html_to_text("<a title='a>b' href=x>link</a>"), "link");
        assert_eq!(html_to_text("text <unfinished"), "text");
        assert_eq!(html_to_text("日本語<br>テキスト"), "日本語\nテキスト");
    }

    #[test]
    fn caps_length() {
        let long = "word ".repeat(2000);
        let text = html_to_text(&long);
        assert!(text.chars().count() <= MAX_POST_CHARS + 1);
        assert!(text.ends_with('…'));
    }
}
