//! The customer's tenant, as the engineer types or pastes it.
//!
//! The deep links into a customer's admin portals (see [`crate::links`]) need to know which tenant
//! to open. Two forms name a tenant for good: the tenant ID (a GUID; Partner Center calls it the
//! customer's "Microsoft ID" and shows it on the customer's Account page) and the initial domain
//! ending in `.onmicrosoft.com`, shown on the same page. A vanity domain such as `contoso.com` is
//! refused: the links that take a domain (`delegatedOrg=`) are documented with the
//! `.onmicrosoft.com` form, and a vanity domain can be removed from the tenant later.
//!
//! Every refusal says what is wrong and where, in English and Japanese, because the value is
//! usually pasted from another window and the mistake (a stray space, a cut-off GUID, an email
//! address) is hard to see.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Bilingual;

/// A customer's tenant: its ID or its initial domain, always in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TenantRef {
    /// The tenant ID, a lowercase GUID without braces: `7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c`.
    Id(String),
    /// The initial domain, lowercase: `contoso.onmicrosoft.com`.
    Domain(String),
}

impl TenantRef {
    /// The tenant ID, if that is what was given.
    pub fn tenant_id(&self) -> Option<&str> {
        match self {
            TenantRef::Id(id) => Some(id),
            TenantRef::Domain(_) => None,
        }
    }

    /// The `.onmicrosoft.com` domain, if that is what was given.
    pub fn domain(&self) -> Option<&str> {
        match self {
            TenantRef::Id(_) => None,
            TenantRef::Domain(domain) => Some(domain),
        }
    }

    /// Whichever of the two was given; portals that accept either take this.
    pub fn as_str(&self) -> &str {
        match self {
            TenantRef::Id(value) | TenantRef::Domain(value) => value,
        }
    }
}

impl fmt::Display for TenantRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a typed tenant, for code that reacts to the kind of mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantErrorCode {
    /// Nothing was typed.
    Empty,
    /// A space (or tab, or full-width space) inside the value.
    ContainsSpace,
    /// A GUID-like value with too many or too few hexadecimal digits, or hyphens in the wrong place.
    GuidLength,
    /// A GUID-like value with a character that is not a hexadecimal digit or a hyphen.
    GuidCharacter,
    /// A domain that doesn't end in `.onmicrosoft.com`.
    NotOnmicrosoft,
    /// An `.onmicrosoft.com` domain that can't be a tenant's initial domain, or an email address.
    BadDomain,
    /// Neither a GUID nor a domain.
    Unrecognised,
}

/// Why a typed tenant was refused, with a message to show next to the field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantError {
    pub code: TenantErrorCode,
    #[serde(flatten)]
    pub message: Bilingual,
}

impl fmt::Display for TenantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.text_en)
    }
}

impl std::error::Error for TenantError {}

const ONMICROSOFT: &str = ".onmicrosoft.com";

/// The lengths of the hyphen-separated groups of a GUID.
const GUID_GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

/// Reads a tenant ID or an `.onmicrosoft.com` domain.
///
/// Surrounding spaces are dropped; a GUID may be in braces and in any case; the result is
/// lowercase so that the same tenant always makes the same links.
pub fn parse_tenant(input: &str) -> Result<TenantRef, TenantError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(error(
            TenantErrorCode::Empty,
            "Enter the customer's tenant ID (a GUID such as 7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c) \
             or their domain ending in .onmicrosoft.com.",
            "顧客のテナント ID (7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c のような GUID) か、\
             .onmicrosoft.com で終わる顧客のドメインを入力してください。",
        ));
    }
    if let Some(index) = text.chars().position(char::is_whitespace) {
        let n = index + 1;
        return Err(error(
            TenantErrorCode::ContainsSpace,
            format!("Remove the space at character {n}: a tenant ID or domain has no spaces."),
            format!(
                "{n} 文字目の空白を削除してください。テナント ID やドメインに空白は含まれません。"
            ),
        ));
    }
    if text.contains(['.', '@']) {
        parse_domain(text)
    } else if looks_like_guid(text) {
        parse_guid(text)
    } else {
        Err(error(
            TenantErrorCode::Unrecognised,
            "A tenant ID is a GUID such as 7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c, or the customer's \
             domain ending in .onmicrosoft.com.",
            "テナント ID は 7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c のような GUID か、\
             .onmicrosoft.com で終わる顧客のドメインで入力してください。",
        ))
    }
}

/// Whether a value without dots is meant as a GUID: mostly hexadecimal digits. A GUID with a typo
/// (an `O` for a `0`) then gets a message about that character, while a bare name such as
/// `contoso` gets the general message instead of one about its second letter.
fn looks_like_guid(text: &str) -> bool {
    let inner = strip_braces(text).unwrap_or(text);
    let significant = inner.chars().filter(|&c| c != '-').count();
    let hex = inner.chars().filter(char::is_ascii_hexdigit).count();
    hex * 4 >= significant * 3
}

fn strip_braces(text: &str) -> Option<&str> {
    text.strip_prefix('{')?.strip_suffix('}')
}

fn parse_guid(text: &str) -> Result<TenantRef, TenantError> {
    // Positions in messages count from the start of what was typed, braces included.
    let (inner, offset) = match strip_braces(text) {
        Some(inner) => (inner, 1),
        None => (text, 0),
    };
    let bad = inner
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_hexdigit() || c == '-'));
    if let Some((index, c)) = bad {
        let n = index + offset + 1;
        return Err(error(
            TenantErrorCode::GuidCharacter,
            format!(
                "Character {n} (“{c}”) can't be in a tenant ID: it has only the digits 0-9, the \
                 letters a-f and hyphens."
            ),
            format!(
                "{n} 文字目の「{c}」はテナント ID に使えません。使えるのは 0～9 の数字、a～f の英字、\
                 ハイフンだけです。"
            ),
        ));
    }
    // Only ASCII is left, so byte lengths are character counts.
    let groups: Vec<usize> = inner.split('-').map(str::len).collect();
    if groups != GUID_GROUPS {
        let digits: usize = groups.iter().sum();
        let shape = groups
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("-");
        return Err(error(
            TenantErrorCode::GuidLength,
            format!(
                "A tenant ID has 32 hexadecimal digits in groups of 8-4-4-4-12; this one has \
                 {digits} in groups of {shape}. Copy it again in full."
            ),
            format!(
                "テナント ID は 16 進数 32 桁を 8-4-4-4-12 に区切った形式ですが、入力された値は \
                 {digits} 桁で {shape} に区切られています。もう一度全体をコピーしてください。"
            ),
        ));
    }
    Ok(TenantRef::Id(inner.to_ascii_lowercase()))
}

fn parse_domain(text: &str) -> Result<TenantRef, TenantError> {
    let domain = text.to_ascii_lowercase();
    if domain.contains('@') {
        return Err(error(
            TenantErrorCode::BadDomain,
            "This looks like an email address. Enter only the domain, such as \
             contoso.onmicrosoft.com, or the tenant ID.",
            "メール アドレスのようです。contoso.onmicrosoft.com のようなドメインだけか、\
             テナント ID を入力してください。",
        ));
    }
    let Some(name) = domain.strip_suffix(ONMICROSOFT) else {
        return Err(error(
            TenantErrorCode::NotOnmicrosoft,
            format!(
                "{domain} is not an .onmicrosoft.com domain. Enter the customer's initial domain \
                 ending in .onmicrosoft.com (on the customer's Account page in Partner Center), or \
                 the tenant ID."
            ),
            format!(
                "{domain} は .onmicrosoft.com のドメインではありません。.onmicrosoft.com で終わる顧客の\
                 初期ドメイン (パートナー センターの顧客の [アカウント] ページにあります) か、\
                 テナント ID を入力してください。"
            ),
        ));
    };
    if name.is_empty() {
        return Err(error(
            TenantErrorCode::BadDomain,
            "Put the customer's name before .onmicrosoft.com, such as contoso.onmicrosoft.com.",
            ".onmicrosoft.com の前に顧客の名前を入れてください (例: contoso.onmicrosoft.com)。",
        ));
    }
    if name.contains('.') {
        return Err(error(
            TenantErrorCode::BadDomain,
            format!(
                "Enter the initial domain, with a single name before .onmicrosoft.com (such as \
                 contoso.onmicrosoft.com), not {domain}."
            ),
            format!(
                "{domain} ではなく、.onmicrosoft.com の前に名前が 1 つだけある初期ドメイン \
                 (例: contoso.onmicrosoft.com) を入力してください。"
            ),
        ));
    }
    let bad = name
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    if let Some((index, c)) = bad {
        let n = index + 1;
        return Err(error(
            TenantErrorCode::BadDomain,
            format!(
                "Character {n} (“{c}”) can't be in an .onmicrosoft.com domain: it has only the \
                 letters a-z, digits and hyphens."
            ),
            format!(
                "{n} 文字目の「{c}」は .onmicrosoft.com のドメインに使えません。使えるのは英字 a～z、\
                 数字、ハイフンだけです。"
            ),
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(error(
            TenantErrorCode::BadDomain,
            "The name before .onmicrosoft.com can't start or end with a hyphen.",
            ".onmicrosoft.com の前の名前は、ハイフンで始めたり終えたりできません。",
        ));
    }
    Ok(TenantRef::Domain(domain))
}

fn error(code: TenantErrorCode, en: impl Into<String>, ja: impl Into<String>) -> TenantError {
    TenantError {
        code,
        message: Bilingual::new(en, ja),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUID: &str = "7c3a1f2e-9b4d-4e8a-a1c2-3d4e5f6a7b8c";

    fn code(input: &str) -> TenantErrorCode {
        match parse_tenant(input) {
            Ok(tenant) => panic!("{input:?} was accepted as {tenant:?}"),
            Err(error) => error.code,
        }
    }

    #[test]
    fn guid_in_any_case_with_or_without_braces() {
        let expected = Ok(TenantRef::Id(GUID.to_string()));
        assert_eq!(parse_tenant(GUID), expected);
        assert_eq!(parse_tenant(&GUID.to_uppercase()), expected);
        assert_eq!(parse_tenant(&format!("{{{GUID}}}")), expected);
        assert_eq!(
            parse_tenant(&format!("  {{{}}}\n", GUID.to_uppercase())),
            expected
        );
    }

    #[test]
    fn onmicrosoft_domain_lowercased() {
        assert_eq!(
            parse_tenant(" Contoso.OnMicrosoft.com "),
            Ok(TenantRef::Domain("contoso.onmicrosoft.com".into()))
        );
        assert_eq!(
            parse_tenant("contoso-jp2.onmicrosoft.com"),
            Ok(TenantRef::Domain("contoso-jp2.onmicrosoft.com".into()))
        );
    }

    #[test]
    fn accessors() {
        let id = TenantRef::Id(GUID.into());
        let domain = TenantRef::Domain("contoso.onmicrosoft.com".into());
        assert_eq!((id.tenant_id(), id.domain()), (Some(GUID), None));
        assert_eq!(
            (domain.tenant_id(), domain.domain()),
            (None, Some("contoso.onmicrosoft.com"))
        );
        assert_eq!(domain.to_string(), "contoso.onmicrosoft.com");
    }

    #[test]
    fn empty() {
        assert_eq!(code(""), TenantErrorCode::Empty);
        assert_eq!(code(" \t\u{3000}"), TenantErrorCode::Empty);
    }

    #[test]
    fn space_inside_says_where() {
        let error = parse_tenant("7c3a1f2e- 9b4d").unwrap_err();
        assert_eq!(error.code, TenantErrorCode::ContainsSpace);
        assert!(error.message.text_en.contains("character 10"), "{error}");
        assert!(error.message.text_ja.contains("10 文字目"));
        // The full-width space a Japanese input method types.
        assert_eq!(
            code("contoso\u{3000}.onmicrosoft.com"),
            TenantErrorCode::ContainsSpace
        );
    }

    #[test]
    fn guid_with_bad_character_says_which() {
        // An O for a 0 at the 31st character.
        let error = parse_tenant("7c3a1f2e-9b4d-4e8a-a1c2-3d4e5fOa7b8c").unwrap_err();
        assert_eq!(error.code, TenantErrorCode::GuidCharacter);
        assert!(
            error.message.text_en.contains("Character 31 (“O”)"),
            "{error}"
        );
        assert!(error.message.text_ja.contains("31 文字目の「O」"));
        // Counted from what was typed, the brace included.
        let error = parse_tenant("{7c3a1f2g-9b4d-4e8a-a1c2-3d4e5f6a7b8c}").unwrap_err();
        assert!(
            error.message.text_en.contains("Character 9 (“g”)"),
            "{error}"
        );
    }

    #[test]
    fn guid_with_wrong_length_says_how() {
        let error = parse_tenant(&GUID[..35]).unwrap_err();
        assert_eq!(error.code, TenantErrorCode::GuidLength);
        assert!(
            error
                .message
                .text_en
                .contains("has 31 in groups of 8-4-4-4-11"),
            "{error}"
        );
        assert!(error.message.text_ja.contains("31 桁で 8-4-4-4-11"));
        // Right digits, hyphens misplaced or missing.
        assert_eq!(
            code("7c3a1f2e9-b4d-4e8a-a1c2-3d4e5f6a7b8c"),
            TenantErrorCode::GuidLength
        );
        assert_eq!(
            code("7c3a1f2e9b4d4e8aa1c23d4e5f6a7b8c"),
            TenantErrorCode::GuidLength
        );
        assert_eq!(code("{}"), TenantErrorCode::GuidLength);
    }

    #[test]
    fn other_domains_refused_with_the_reason() {
        let error = parse_tenant("contoso.com").unwrap_err();
        assert_eq!(error.code, TenantErrorCode::NotOnmicrosoft);
        assert!(error.message.text_en.starts_with("contoso.com is not"));
        assert!(error.message.text_ja.contains(".onmicrosoft.com で終わる"));
        assert_eq!(code("contoso.onmicrosoft"), TenantErrorCode::NotOnmicrosoft);
        assert_eq!(
            code("contoso.onmicrosoft.com."),
            TenantErrorCode::NotOnmicrosoft
        );
    }

    #[test]
    fn malformed_onmicrosoft_domains() {
        assert_eq!(code(".onmicrosoft.com"), TenantErrorCode::BadDomain);
        assert_eq!(
            code("contoso.mail.onmicrosoft.com"),
            TenantErrorCode::BadDomain
        );
        assert_eq!(code("-contoso.onmicrosoft.com"), TenantErrorCode::BadDomain);
        let error = parse_tenant("cont_oso.onmicrosoft.com").unwrap_err();
        assert_eq!(error.code, TenantErrorCode::BadDomain);
        assert!(
            error.message.text_en.contains("Character 5 (“_”)"),
            "{error}"
        );
        let error = parse_tenant("admin@contoso.onmicrosoft.com").unwrap_err();
        assert!(error.message.text_en.contains("email address"), "{error}");
    }

    #[test]
    fn neither_guid_nor_domain() {
        let error = parse_tenant("contoso").unwrap_err();
        assert_eq!(error.code, TenantErrorCode::Unrecognised);
        assert!(error.message.text_en.starts_with("A tenant ID is a GUID"));
        assert!(error.message.text_ja.starts_with("テナント ID は"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "{",
            "}",
            "{{}}",
            "-",
            "----",
            "ｃｏｎｔｏｓｏ.onmicrosoft.com",
            "é.onmicrosoft.com",
            "\u{0}",
        ] {
            assert!(parse_tenant(input).is_err(), "{input:?}");
        }
    }
}
