//! The portal owner's configuration: `config.json`, served next to the app (`static/config.json`).
//!
//! The same build serves many partners, so everything that differs between them (their name and
//! helpdesk, the products they resell, the sites that may embed the app, their own addresses for
//! the deep links, troubleshooting pages, the wording of the customer message) lives in one JSON
//! file that the portal owner edits by hand. The schema is versioned (`"version": 1`) and
//! described for editors in `docs/config.schema.json`.
//!
//! A hand-edited file will have mistakes, and a helpdesk tool that shows a blank page because of a
//! typo is worse than one that shows a default. So [`parse_config`] never fails: each problem
//! becomes a [`ConfigError`] with the JSON path of the value and a message in English and
//! Japanese, and only that value falls back to its default (a bad list item is left out). Only
//! a file that is not JSON at all falls back entirely, to the demo configuration
//! ([`Config::default`]), which says "(demo)" in the partner's name so the mistake shows.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::links::{self, Links};
use crate::signin::{self, SignInSettings};
use crate::{Bilingual, Lang, Product};

/// The schema version this code reads.
pub const CONFIG_VERSION: u64 = 1;

/// The product ids of `products`, in the order the app offers them.
pub const PRODUCTS: [(&str, Product); 3] = [
    ("microsoft_365", Product::Microsoft365),
    ("azure", Product::Azure),
    ("dynamics_365", Product::Dynamics365),
];

/// The placeholders a `customerMessage` text may use.
pub const MESSAGE_PLACEHOLDERS: [&str; 3] = ["issueId", "title", "partner"];

const DEMO_PARTNER_NAME: &str = "Contoso Cloud Services (demo)";

const TOP_KEYS: [&str; 11] = [
    "$schema",
    "version",
    "partner",
    "defaultLanguage",
    "products",
    "allowedHostOrigins",
    "links",
    "serviceHealthSource",
    "troubleshootingLinks",
    "customerMessage",
    "signIn",
];
const SIGN_IN_KEYS: [&str; 3] = ["clientId", "loginHost", "graphHost"];
const PARTNER_KEYS: [&str; 2] = ["name", "helpdesk"];
const HELPDESK_KEYS: [&str; 3] = ["email", "phone", "url"];
const TROUBLESHOOTING_LINK_KEYS: [&str; 2] = ["label", "url"];
const LANG_KEYS: [&str; 2] = ["en", "ja"];

/// The portal owner's configuration, always complete and usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub partner: Partner,
    /// The language the app starts in; `None` follows the browser (`"auto"`).
    pub default_language: Option<Lang>,
    /// The products the partner resells, never empty.
    pub products: Vec<Product>,
    /// The origins (`https://host[:port]`, lowercase) of the pages allowed to embed the app.
    pub allowed_host_origins: Vec<String>,
    /// Link id → template, each valid (see [`links::validate_template`]); use [`Config::links`].
    pub links: BTreeMap<String, String>,
    /// Where the app fetches service-health issues: a path on its own site or an `https://` URL.
    pub service_health_source: Option<String>,
    /// Service name (as service health names it, such as "Exchange Online") → pages to try first.
    pub troubleshooting_links: BTreeMap<String, Vec<TroubleshootingLink>>,
    /// The portal owner's wording of the message to the customer, per language; `None` keeps the
    /// built-in wording for that language.
    pub customer_message: LocalText,
    /// Signing in to the customer's tenant to read its service health (`signIn`).
    pub sign_in: SignInSettings,
}

/// Who runs the helpdesk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub name: String,
    pub helpdesk: Helpdesk,
}

/// How the customer reaches the partner's helpdesk; each way is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Helpdesk {
    pub email: Option<String>,
    pub phone: Option<String>,
    /// An `https://` address.
    pub url: Option<String>,
}

/// A page that helps troubleshoot a service before escalating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TroubleshootingLink {
    /// In both languages; when the file gives only one, it is used for both.
    pub label: Bilingual,
    /// An `https://` address.
    pub url: String,
}

/// A text that may be given in either language or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LocalText {
    pub en: Option<String>,
    pub ja: Option<String>,
}

impl LocalText {
    /// The text in `lang`, without falling back to the other language.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Ja => self.ja.as_deref(),
        }
    }
}

/// One problem in the file: where (a JSON path such as `$.links.aobo_service_health` or
/// `$.products[2]`) and what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: Bilingual,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message.text_en)
    }
}

/// What [`parse_config`] read: a usable configuration, and every problem found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigResult {
    pub config: Config,
    pub errors: Vec<ConfigError>,
}

impl Default for Config {
    /// The built-in demo configuration, also shipped as `static/config.json`.
    fn default() -> Config {
        let link = |en: &str, ja: &str, url: &str| TroubleshootingLink {
            label: Bilingual::new(en, ja),
            url: url.to_string(),
        };
        Config {
            partner: Partner {
                name: DEMO_PARTNER_NAME.to_string(),
                // Reserved example domain and fictional number: harmless if they ever show.
                helpdesk: Helpdesk {
                    email: Some("helpdesk@contoso.example".to_string()),
                    phone: Some("+1 555 0100".to_string()),
                    url: Some("https://contoso.example/helpdesk".to_string()),
                },
            },
            default_language: None,
            products: PRODUCTS.iter().map(|&(_, product)| product).collect(),
            allowed_host_origins: Vec::new(),
            links: BTreeMap::new(),
            service_health_source: None,
            troubleshooting_links: BTreeMap::from([
                (
                    "Exchange Online".to_string(),
                    vec![link(
                        "Microsoft Remote Connectivity Analyzer",
                        "Microsoft リモート接続アナライザー",
                        "https://testconnectivity.microsoft.com/",
                    )],
                ),
                (
                    "Microsoft 365 suite".to_string(),
                    vec![link(
                        "Microsoft 365 network connectivity test",
                        "Microsoft 365 ネットワーク接続テスト",
                        "https://connectivity.office.com/",
                    )],
                ),
            ]),
            customer_message: LocalText::default(),
            sign_in: SignInSettings::default(),
        }
    }
}

impl Config {
    /// The deep links with this configuration's templates in force.
    pub fn links(&self) -> Links {
        Links::new(&self.links)
    }
}

/// Reads `config.json`. Never fails and never panics; see the module documentation.
pub fn parse_config(text: &str) -> ConfigResult {
    let mut reader = Reader::default();
    // Some Windows editors save a byte-order mark, which JSON parsers refuse.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config = match serde_json::from_str::<Value>(text) {
        Ok(value) => reader.config(&value),
        Err(error) => {
            let (line, column) = (error.line(), error.column());
            let full = error.to_string();
            let suffix = format!(" at line {line} column {column}");
            let detail = full.strip_suffix(&suffix).unwrap_or(&full);
            reader.error(
                "$",
                Bilingual::new(
                    format!(
                        "The file is not valid JSON: {detail} at line {line}, column {column}. \
                         Nothing in it is used: the demo configuration is shown until it is fixed."
                    ),
                    format!(
                        "ファイルが JSON として正しくありません ({line} 行目 {column} 列目: {detail})。\
                         内容は使われず、修正されるまでデモ用の設定が使われます。"
                    ),
                ),
            );
            Config::default()
        }
    };
    ConfigResult {
        config,
        errors: reader.errors,
    }
}

/// JSON types, as named in messages: (English, Japanese).
type TypeName = (&'static str, &'static str);
const A_STRING: TypeName = ("a string", "文字列");
const AN_OBJECT: TypeName = ("an object { … }", "オブジェクト { … }");
const AN_ARRAY: TypeName = ("an array [ … ]", "配列 [ … ]");

fn type_name(value: &Value) -> TypeName {
    match value {
        Value::Null => ("null", "null"),
        Value::Bool(_) => ("true or false", "true または false"),
        Value::Number(_) => ("a number", "数値"),
        Value::String(_) => A_STRING,
        Value::Array(_) => AN_ARRAY,
        Value::Object(_) => AN_OBJECT,
    }
}

/// `$.parent.key`, or `$.parent['key with spaces']` when the key is not a plain name.
fn child(path: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        let quoted = key.replace('\\', "\\\\").replace('\'', "\\'");
        format!("{path}['{quoted}']")
    }
}

fn item(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// An application (client) ID is a GUID.
fn check_client_id(id: &str) -> Result<(), Bilingual> {
    match crate::customer::parse_tenant(id) {
        Ok(crate::customer::TenantRef::Id(_)) => Ok(()),
        _ => Err(Bilingual::new(
            "The client ID is the app registration's Application (client) ID, a GUID.",
            "クライアント ID には、アプリの登録の [アプリケーション (クライアント) ID] (GUID) を書いてください。",
        )),
    }
}

fn check_host(host: &str) -> Result<(), Bilingual> {
    if signin::host_is_valid(host) {
        Ok(())
    } else {
        Err(Bilingual::new(
            "Write a host name such as login.microsoftonline.com (or an https:// origin).",
            "login.microsoftonline.com のようなホスト名 (または https:// のオリジン) を書いてください。",
        ))
    }
}

/// Reads the parsed JSON into a [`Config`], collecting errors. Each method returns `None` when the
/// value can't be used, after reporting why; the caller then keeps the default.
#[derive(Default)]
struct Reader {
    errors: Vec<ConfigError>,
}

impl Reader {
    fn error(&mut self, path: &str, message: Bilingual) {
        self.errors.push(ConfigError {
            path: path.to_string(),
            message,
        });
    }

    fn wrong_type(&mut self, value: &Value, path: &str, expected: TypeName) {
        let found = type_name(value);
        self.error(
            path,
            Bilingual::new(
                format!("Expected {} here, not {}.", expected.0, found.0),
                format!(
                    "ここには{}を書いてください ({}が書かれています)。",
                    expected.1, found.1
                ),
            ),
        );
    }

    fn config(&mut self, value: &Value) -> Config {
        let mut config = Config::default();
        let Some(root) = self.record(value, "$", &TOP_KEYS) else {
            return config;
        };
        self.version(root.get("version"));
        if let Some(partner) = root
            .get("partner")
            .and_then(|v| self.partner(v, "$.partner"))
        {
            config.partner = partner;
        }
        if let Some(language) = root
            .get("defaultLanguage")
            .and_then(|v| self.language(v, "$.defaultLanguage"))
        {
            config.default_language = language;
        }
        if let Some(products) = root
            .get("products")
            .and_then(|v| self.products(v, "$.products"))
        {
            config.products = products;
        }
        if let Some(origins) = root
            .get("allowedHostOrigins")
            .and_then(|v| self.list(v, "$.allowedHostOrigins", Reader::origin))
        {
            config.allowed_host_origins = origins;
        }
        if let Some(links) = root.get("links").and_then(|v| self.links(v, "$.links")) {
            config.links = links;
        }
        if let Some(source) = root
            .get("serviceHealthSource")
            .and_then(|v| self.service_health_source(v, "$.serviceHealthSource"))
        {
            config.service_health_source = source;
        }
        if let Some(services) = root
            .get("troubleshootingLinks")
            .and_then(|v| self.troubleshooting_links(v, "$.troubleshootingLinks"))
        {
            config.troubleshooting_links = services;
        }
        if let Some(message) = root
            .get("customerMessage")
            .and_then(|v| self.local_text(v, "$.customerMessage", check_message))
        {
            config.customer_message = message;
        }
        if let Some(sign_in) = root.get("signIn").and_then(|v| self.sign_in(v, "$.signIn")) {
            config.sign_in = sign_in;
        }
        config
    }

    fn sign_in(&mut self, value: &Value, path: &str) -> Option<SignInSettings> {
        let object = self.record(value, path, &SIGN_IN_KEYS)?;
        let mut settings = SignInSettings::default();
        if let Some(v) = object.get("clientId") {
            settings.client_id = self.string(v, &child(path, "clientId"), check_client_id);
        }
        for (key, host) in [
            ("loginHost", &mut settings.login_host),
            ("graphHost", &mut settings.graph_host),
        ] {
            if let Some(v) = object.get(key) {
                if let Some(value) = self.string(v, &child(path, key), check_host) {
                    *host = value;
                }
            }
        }
        Some(settings)
    }

    fn version(&mut self, value: Option<&Value>) {
        const EXPECTED: TypeName = ("the number 1", "数値 1");
        match value.map(|v| (v, v.as_u64())) {
            None => self.error(
                "$.version",
                Bilingual::new(
                    "The version is missing: add \"version\": 1 so that a later app can tell \
                     which schema the file follows.",
                    "バージョンがありません。今後のアプリがどのスキーマのファイルかを判断できるよう、\
                     \"version\": 1 を追加してください。",
                ),
            ),
            Some((_, Some(CONFIG_VERSION))) => {}
            Some((_, Some(version))) => self.error(
                "$.version",
                Bilingual::new(
                    format!(
                        "Version {version} is not supported: this app reads version \
                         {CONFIG_VERSION}. The file was read as version {CONFIG_VERSION}; check \
                         the other messages."
                    ),
                    format!(
                        "バージョン {version} には対応していません。このアプリが読めるのはバージョン \
                         {CONFIG_VERSION} です。バージョン {CONFIG_VERSION} として読み込んだので、\
                         ほかのメッセージも確認してください。"
                    ),
                ),
            ),
            Some((value, None)) => self.wrong_type(value, "$.version", EXPECTED),
        }
    }

    /// `value` as an object, reporting a wrong type.
    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.wrong_type(value, path, AN_OBJECT);
        }
        object
    }

    /// `value` as an object with the keys `known`, reporting every other key. A misspelt key would
    /// otherwise be silently ignored, and the portal owner left wondering why a setting has no
    /// effect.
    fn record<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        known: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let object = self.object(value, path)?;
        for key in object.keys().filter(|key| !known.contains(&key.as_str())) {
            let list = known.join(", ");
            self.error(
                &child(path, key),
                Bilingual::new(
                    format!("Unknown key “{key}”, ignored. The keys here are: {list}."),
                    format!("不明なキー「{key}」は無視されます。ここで使えるキー: {list}"),
                ),
            );
        }
        Some(object)
    }

    /// The value of a key that must be present.
    fn required<'v>(
        &mut self,
        object: &'v Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'v Value> {
        let value = object.get(key);
        if value.is_none() {
            self.error(
                &child(path, key),
                Bilingual::new(
                    format!("“{key}” is missing."),
                    format!("「{key}」がありません。"),
                ),
            );
        }
        value
    }

    /// A non-empty string, trimmed, that passes `check`.
    fn string(
        &mut self,
        value: &Value,
        path: &str,
        check: impl Fn(&str) -> Result<(), Bilingual>,
    ) -> Option<String> {
        let Some(text) = value.as_str() else {
            self.wrong_type(value, path, A_STRING);
            return None;
        };
        let text = text.trim();
        let checked = if text.is_empty() {
            Err(Bilingual::new(
                "This is empty: write a value, or leave the key out.",
                "値が空です。値を書くか、キーごと削除してください。",
            ))
        } else {
            check(text)
        };
        match checked {
            Ok(()) => Some(text.to_string()),
            Err(message) => {
                self.error(path, message);
                None
            }
        }
    }

    /// The usable items of an array; a bad item is reported and left out.
    fn list<T>(
        &mut self,
        value: &Value,
        path: &str,
        mut read: impl FnMut(&mut Reader, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(items) = value.as_array() else {
            self.wrong_type(value, path, AN_ARRAY);
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(index, value)| read(self, value, &item(path, index)))
                .collect(),
        )
    }

    fn partner(&mut self, value: &Value, path: &str) -> Option<Partner> {
        let object = self.record(value, path, &PARTNER_KEYS)?;
        let name = self
            .required(object, path, "name")
            .and_then(|v| self.string(v, &child(path, "name"), |_| Ok(())));
        // Once the file names a partner, a missing or bad contact is left empty rather than taken
        // from the demo: a customer must never be sent to the demo's helpdesk next to a real name.
        let helpdesk = object
            .get("helpdesk")
            .and_then(|v| self.helpdesk(v, &child(path, "helpdesk")))
            .unwrap_or_default();
        Some(Partner {
            name: name.unwrap_or_else(|| DEMO_PARTNER_NAME.to_string()),
            helpdesk,
        })
    }

    fn helpdesk(&mut self, value: &Value, path: &str) -> Option<Helpdesk> {
        let object = self.record(value, path, &HELPDESK_KEYS)?;
        let mut field = |key: &str, check: fn(&str) -> Result<(), Bilingual>| {
            let value = object.get(key)?;
            self.string(value, &child(path, key), check)
        };
        Some(Helpdesk {
            email: field("email", check_email),
            phone: field("phone", check_phone),
            url: field("url", check_https),
        })
    }

    /// `Some(None)` for `"auto"`.
    fn language(&mut self, value: &Value, path: &str) -> Option<Option<Lang>> {
        let text = self.string(value, path, |text| match text {
            "en" | "ja" | "auto" => Ok(()),
            _ => Err(Bilingual::new(
                format!("“{text}” is not a language setting: use \"en\", \"ja\" or \"auto\"."),
                format!(
                    "「{text}」は言語の設定として使えません。\"en\"、\"ja\"、\"auto\" のいずれかにしてください。"
                ),
            )),
        })?;
        Some(Lang::from_tag(&text))
    }

    fn products(&mut self, value: &Value, path: &str) -> Option<Vec<Product>> {
        let mut products: Vec<Product> = Vec::new();
        for product in self.list(value, path, Reader::product)? {
            if !products.contains(&product) {
                products.push(product);
            }
        }
        if products.is_empty() {
            self.error(
                path,
                Bilingual::new(
                    "No product is listed, so all of them are offered.",
                    "製品が 1 つも指定されていないため、すべての製品を表示します。",
                ),
            );
            return None;
        }
        Some(products)
    }

    fn product(&mut self, value: &Value, path: &str) -> Option<Product> {
        let known = || {
            PRODUCTS
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let id = self.string(value, path, |text| {
            if PRODUCTS.iter().any(|(id, _)| *id == text) {
                Ok(())
            } else {
                Err(Bilingual::new(
                    format!("Unknown product “{text}”: use one of {}.", known()),
                    format!(
                        "不明な製品「{text}」です。次のいずれかを使ってください: {}",
                        known()
                    ),
                ))
            }
        })?;
        PRODUCTS
            .iter()
            .find(|(known, _)| *known == id)
            .map(|&(_, product)| product)
    }

    fn origin(&mut self, value: &Value, path: &str) -> Option<String> {
        self.string(value, path, check_origin)
            .map(|origin| origin.to_ascii_lowercase())
    }

    fn links(&mut self, value: &Value, path: &str) -> Option<BTreeMap<String, String>> {
        let object = self.object(value, path)?;
        let mut templates = BTreeMap::new();
        for (id, value) in object {
            let checked = self.string(value, &child(path, id), |template| {
                links::check_template(id, template)
            });
            if let Some(template) = checked {
                templates.insert(id.clone(), template);
            }
        }
        Some(templates)
    }

    /// `Some(None)` for `null`, which says "no live source" explicitly.
    fn service_health_source(&mut self, value: &Value, path: &str) -> Option<Option<String>> {
        if value.is_null() {
            return Some(None);
        }
        self.string(value, path, |url| links::check_url(url, true))
            .map(Some)
    }

    fn troubleshooting_links(
        &mut self,
        value: &Value,
        path: &str,
    ) -> Option<BTreeMap<String, Vec<TroubleshootingLink>>> {
        let object = self.object(value, path)?;
        let mut services = BTreeMap::new();
        for (service, items) in object {
            let path = child(path, service);
            if service.trim().is_empty() {
                self.error(
                    &path,
                    Bilingual::new(
                        "The service name is empty: use the name service health shows, such as \
                         “Exchange Online”.",
                        "サービス名が空です。「Exchange Online」のように、サービス正常性に表示される\
                         名前を使ってください。",
                    ),
                );
                continue;
            }
            if let Some(links) = self.list(items, &path, Reader::troubleshooting_link) {
                services.insert(service.trim().to_string(), links);
            }
        }
        Some(services)
    }

    fn troubleshooting_link(&mut self, value: &Value, path: &str) -> Option<TroubleshootingLink> {
        let object = self.record(value, path, &TROUBLESHOOTING_LINK_KEYS)?;
        let label_path = child(path, "label");
        let label = self
            .required(object, path, "label")
            .and_then(|v| self.local_text(v, &label_path, |_| Ok(())));
        let url = self
            .required(object, path, "url")
            .and_then(|v| self.string(v, &child(path, "url"), check_https));
        let label = match label? {
            LocalText {
                en: Some(en),
                ja: Some(ja),
            } => Bilingual::new(en, ja),
            LocalText {
                en: Some(text),
                ja: None,
            }
            | LocalText {
                en: None,
                ja: Some(text),
            } => Bilingual::new(text.clone(), text),
            LocalText { en: None, ja: None } => {
                self.error(
                    &label_path,
                    Bilingual::new(
                        "A label needs an \"en\" or a \"ja\" text.",
                        "ラベルには \"en\" か \"ja\" のテキストが必要です。",
                    ),
                );
                return None;
            }
        };
        Some(TroubleshootingLink { label, url: url? })
    }

    fn local_text(
        &mut self,
        value: &Value,
        path: &str,
        check: fn(&str) -> Result<(), Bilingual>,
    ) -> Option<LocalText> {
        let object = self.record(value, path, &LANG_KEYS)?;
        let mut text = |lang: &str| {
            let value = object.get(lang)?;
            self.string(value, &child(path, lang), check)
        };
        Some(LocalText {
            en: text("en"),
            ja: text("ja"),
        })
    }
}

fn check_https(url: &str) -> Result<(), Bilingual> {
    links::check_url(url, false)
}

/// An origin as the browser reports it: `https://host[:port]` and nothing more, so that it can be
/// compared with `MessageEvent.origin` as a plain string. Plain `http://` is accepted only for this
/// machine (localhost, 127.x.x.x, [::1]), where portal owners try the widget out.
fn check_origin(origin: &str) -> Result<(), Bilingual> {
    if let Some(authority) = origin.strip_prefix("http://") {
        let host = match authority.rsplit_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                host
            }
            _ => authority,
        };
        let loopback = host == "localhost"
            || host == "[::1]"
            || (host.starts_with("127.")
                && host.split('.').count() == 4
                && host.split('.').all(|part| part.parse::<u8>().is_ok()));
        if loopback {
            return Ok(());
        }
    }
    check_https(origin)?;
    match links::https_authority(origin) {
        Some((_, "")) => Ok(()),
        _ => Err(Bilingual::new(
            "An origin is https:// and the host name (and port) only, without a path or a \
             trailing “/”, such as https://contoso.sharepoint.com.",
            "オリジンは https:// とホスト名 (とポート番号) だけで、パスや末尾の「/」は付けません \
             (例: https://contoso.sharepoint.com)。",
        )),
    }
}

/// A plausible address, not a full RFC 5322 check: the aim is to catch a missing `@` or a phone
/// number pasted into the wrong field.
fn check_email(email: &str) -> Result<(), Bilingual> {
    let plausible = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if plausible {
        Ok(())
    } else {
        Err(Bilingual::new(
            format!("“{email}” is not an email address such as helpdesk@contoso.com."),
            format!("「{email}」は helpdesk@contoso.com のようなメール アドレスではありません。"),
        ))
    }
}

/// Any text with a digit: phone numbers are written in too many ways ("+81 3-1234-5678 (平日)")
/// to check more.
fn check_phone(phone: &str) -> Result<(), Bilingual> {
    if phone.chars().any(char::is_numeric) {
        Ok(())
    } else {
        Err(Bilingual::new(
            format!("“{phone}” has no digits, so it can't be a phone number."),
            format!("「{phone}」には数字がないため、電話番号ではありません。"),
        ))
    }
}

fn check_message(text: &str) -> Result<(), Bilingual> {
    links::pieces(text, &MESSAGE_PLACEHOLDERS).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../static/config.json");
    const SCHEMA: &str = include_str!("../../../docs/config.schema.json");

    /// The configuration and the errors as (path, English message) pairs.
    fn parse(text: &str) -> (Config, Vec<(String, String)>) {
        let result = parse_config(text);
        let errors = result
            .errors
            .into_iter()
            .map(|error| (error.path, error.message.text_en))
            .collect();
        (result.config, errors)
    }

    /// Asserts exactly one error, at `path`, whose message contains `needle`.
    fn assert_one_error(errors: &[(String, String)], path: &str, needle: &str) {
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].0, path, "{errors:#?}");
        assert!(errors[0].1.contains(needle), "{errors:#?}");
    }

    fn with(fields: &str) -> String {
        format!(r#"{{"version": 1, {fields}}}"#)
    }

    #[test]
    fn shipped_config_is_valid_and_is_the_default() {
        let result = parse_config(SHIPPED);
        assert_eq!(result.errors, vec![]);
        assert_eq!(result.config, Config::default());
    }

    #[test]
    fn japanese_messages_exist() {
        let result = parse_config(r#"{"version": 2, "colour": 1}"#);
        assert_eq!(result.errors.len(), 2);
        for error in result.errors {
            assert!(!error.message.text_ja.is_empty());
            assert_ne!(error.message.text_ja, error.message.text_en);
        }
    }

    #[test]
    fn minimal_file() {
        let (config, errors) = parse(r#"{"version": 1}"#);
        assert_eq!(errors, vec![]);
        assert_eq!(config, Config::default());
    }

    #[test]
    fn full_file() {
        let (config, errors) = parse(
            r#"{
              "version": 1,
              "partner": {"name": " Fabrikam ", "helpdesk": {"email": "help@fabrikam.co.jp", "phone": "+81 3-1234-5678"}},
              "defaultLanguage": "ja",
              "products": ["azure", "microsoft_365", "azure"],
              "allowedHostOrigins": ["https://Fabrikam.SharePoint.com"],
              "links": {"aobo_service_health": "https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={tenantId}&CSDEST=ServiceStatus"},
              "serviceHealthSource": "/api/service-health",
              "troubleshootingLinks": {"Microsoft Teams": [{"label": {"ja": "Teams の手順"}, "url": "https://fabrikam.example/teams"}]},
              "customerMessage": {"ja": "{partner} です。{issueId} ({title}) の影響です。"}
            }"#,
        );
        assert_eq!(errors, vec![]);
        assert_eq!(config.partner.name, "Fabrikam");
        assert_eq!(
            config.partner.helpdesk,
            Helpdesk {
                email: Some("help@fabrikam.co.jp".into()),
                phone: Some("+81 3-1234-5678".into()),
                url: None,
            }
        );
        assert_eq!(config.default_language, Some(Lang::Ja));
        assert_eq!(config.products, vec![Product::Azure, Product::Microsoft365]);
        assert_eq!(
            config.allowed_host_origins,
            vec!["https://fabrikam.sharepoint.com"]
        );
        assert_eq!(
            config.service_health_source.as_deref(),
            Some("/api/service-health")
        );
        let teams = &config.troubleshooting_links["Microsoft Teams"];
        assert_eq!(
            teams[0].label,
            Bilingual::new("Teams の手順", "Teams の手順")
        );
        assert_eq!(config.customer_message.get(Lang::En), None);
        assert!(config.customer_message.get(Lang::Ja).is_some());
        let link = config.links().build(
            links::ids::AOBO_SERVICE_HEALTH,
            Some(&crate::customer::TenantRef::Id("x".into())),
            None,
        );
        assert_eq!(
            link.map(|l| l.provenance),
            Some(links::Provenance::Configured)
        );
    }

    #[test]
    fn bad_json_says_line_and_column() {
        // A missing comma after the version.
        let (config, errors) = parse("{\n  \"version\": 1\n  \"partner\": {}\n}");
        assert_eq!(config, Config::default());
        assert_one_error(&errors, "$", "at line 3, column 3");
        assert!(
            errors[0]
                .1
                .starts_with("The file is not valid JSON: expected `,` or `}`"),
            "{errors:#?}"
        );
        let ja = &parse_config("{").errors[0].message.text_ja;
        assert!(ja.contains("1 行目 1 列目"), "{ja}");
        let (_, errors) = parse("");
        assert_one_error(&errors, "$", "line 1, column 0");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert_eq!(parse("\u{feff}{\"version\": 1}").1, vec![]);
    }

    #[test]
    fn root_must_be_an_object() {
        let (config, errors) = parse("[1]");
        assert_eq!(config, Config::default());
        assert_one_error(
            &errors,
            "$",
            "Expected an object { … } here, not an array [ … ].",
        );
    }

    #[test]
    fn version_missing_wrong_or_unsupported() {
        assert_one_error(&parse("{}").1, "$.version", "version is missing");
        assert_one_error(
            &parse(r#"{"version": "1"}"#).1,
            "$.version",
            "Expected the number 1 here, not a string.",
        );
        let (config, errors) = parse(r#"{"version": 2, "partner": {"name": "Fabrikam"}}"#);
        assert_one_error(
            &errors,
            "$.version",
            "Version 2 is not supported: this app reads version 1.",
        );
        // The rest of the file is still read.
        assert_eq!(config.partner.name, "Fabrikam");
    }

    #[test]
    fn wrong_types_fall_back_field_by_field() {
        let (config, errors) = parse(&with(
            r#""partner": "Fabrikam", "products": "azure", "defaultLanguage": 1, "links": [], "customerMessage": {"en": 5, "ja": "OK"}"#,
        ));
        let defaults = Config::default();
        assert_eq!(config.partner, defaults.partner);
        assert_eq!(config.products, defaults.products);
        assert_eq!(config.default_language, None);
        assert_eq!(
            config.customer_message,
            LocalText {
                en: None,
                ja: Some("OK".into())
            }
        );
        let paths: Vec<&str> = errors.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.partner",
                "$.defaultLanguage",
                "$.products",
                "$.links",
                "$.customerMessage.en"
            ]
        );
        assert_eq!(errors[0].1, "Expected an object { … } here, not a string.");
        assert_eq!(errors[1].1, "Expected a string here, not a number.");
    }

    #[test]
    fn unknown_keys_at_every_level() {
        let (config, errors) = parse(&with(
            r#""colour": "blue",
               "partner": {"name": "Fabrikam", "helpdesk": {"mail": "a@b.c"}, "logo": ""},
               "troubleshootingLinks": {"Exchange Online": [{"label": {"en": "A", "fr": "B"}, "url": "https://a.example", "icon": 1}]},
               "customerMessage": {"de": "Hallo"}"#,
        ));
        let paths: Vec<&str> = errors.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.colour",
                "$.partner.logo",
                "$.partner.helpdesk.mail",
                "$.troubleshootingLinks['Exchange Online'][0].icon",
                "$.troubleshootingLinks['Exchange Online'][0].label.fr",
                "$.customerMessage.de",
            ]
        );
        assert!(errors[2]
            .1
            .contains("Unknown key “mail”, ignored. The keys here are: email, phone, url."));
        // The known parts around them are still used.
        assert_eq!(config.partner.name, "Fabrikam");
        assert_eq!(config.troubleshooting_links["Exchange Online"].len(), 1);
    }

    #[test]
    fn loopback_origins_may_use_http() {
        let result = parse_config(
            r#"{"version": 1, "allowedHostOrigins": ["http://127.0.0.2:8123", "http://localhost:3000", "http://[::1]:80", "http://intranet.example", "http://127.0.0.1/x"]}"#,
        );
        assert_eq!(
            result.config.allowed_host_origins,
            vec![
                "http://127.0.0.2:8123",
                "http://localhost:3000",
                "http://[::1]:80"
            ]
        );
        let paths: Vec<&str> = result.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            vec!["$.allowedHostOrigins[3]", "$.allowedHostOrigins[4]"]
        );
    }

    #[test]
    fn bad_urls() {
        let (config, errors) = parse(&with(
            r#""partner": {"name": "F", "helpdesk": {"url": "http://fabrikam.example/help"}},
               "allowedHostOrigins": ["https://ok.example", "https://fabrikam.sharepoint.com/sites/help", "https://", "contoso.sharepoint.com"],
               "serviceHealthSource": "//evil.example/health",
               "troubleshootingLinks": {"Exchange Online": [{"label": {"en": "A"}, "url": "https://user@evil.example"}, {"label": {"en": "B"}, "url": "https://b.example"}]}"#,
        ));
        let expected = [
            ("$.partner.helpdesk.url", "starting with https://"),
            ("$.allowedHostOrigins[1]", "without a path"),
            ("$.allowedHostOrigins[2]", "no host name"),
            ("$.allowedHostOrigins[3]", "starting with https://"),
            ("$.serviceHealthSource", "single “/”"),
            ("$.troubleshootingLinks['Exchange Online'][0].url", "“@”"),
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for ((path, message), (expected_path, needle)) in errors.iter().zip(expected) {
            assert_eq!(path, expected_path);
            assert!(message.contains(needle), "{path}: {message}");
        }
        assert_eq!(config.partner.helpdesk.url, None);
        assert_eq!(config.allowed_host_origins, vec!["https://ok.example"]);
        assert_eq!(config.service_health_source, None);
        assert_eq!(config.troubleshooting_links["Exchange Online"].len(), 1);
    }

    #[test]
    fn service_health_source_forms() {
        for (source, expected) in [
            (
                r#""https://health.fabrikam.example/api""#,
                Some("https://health.fabrikam.example/api"),
            ),
            (r#""/api/service-health""#, Some("/api/service-health")),
            ("null", None),
        ] {
            let (config, errors) = parse(&with(&format!(r#""serviceHealthSource": {source}"#)));
            assert_eq!(errors, vec![]);
            assert_eq!(config.service_health_source.as_deref(), expected);
        }
    }

    #[test]
    fn link_templates_checked() {
        let (config, errors) = parse(&with(
            r#""links": {
                 "aobo_service_health": "https://portal.office.com/Partner/BeginClientSession.aspx?CSDEST=ServiceStatus",
                 "aobo_support": "https://example.net/",
                 "m365_issue": "https://admin.cloud.microsoft/#/servicehealth/:/alerts/{issue}",
                 "partner_center_home": "https://partner.microsoft.com/ja-jp/dashboard/home"
               }"#,
        ));
        let expected = [
            (
                "$.links.aobo_service_health",
                "needs the placeholder {tenantId}",
            ),
            ("$.links.aobo_support", "is not a link id"),
            ("$.links.m365_issue", "{issue} is not a placeholder"),
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:#?}");
        for ((path, message), (expected_path, needle)) in errors.iter().zip(expected) {
            assert_eq!(path, expected_path);
            assert!(message.contains(needle), "{path}: {message}");
        }
        assert_eq!(
            config.links.keys().collect::<Vec<_>>(),
            ["partner_center_home"]
        );
    }

    #[test]
    fn unknown_and_empty_products() {
        let (config, errors) = parse(&with(r#""products": ["azure", "office_365", 3]"#));
        assert_eq!(config.products, vec![Product::Azure]);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, "$.products[1]");
        assert!(errors[0].1.contains(
            "Unknown product “office_365”: use one of microsoft_365, azure, dynamics_365."
        ));
        assert_eq!(errors[1].0, "$.products[2]");
        let (config, errors) = parse(&with(r#""products": []"#));
        assert_eq!(config.products, Config::default().products);
        assert_one_error(&errors, "$.products", "No product");
    }

    #[test]
    fn partner_without_name_or_with_bad_contacts() {
        let (config, errors) = parse(&with(
            r#""partner": {"helpdesk": {"email": "fabrikam.example", "phone": "call us", "url": "https://fabrikam.example/help"}}"#,
        ));
        let paths: Vec<&str> = errors.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.partner.name",
                "$.partner.helpdesk.email",
                "$.partner.helpdesk.phone"
            ]
        );
        assert_eq!(config.partner.name, DEMO_PARTNER_NAME);
        // Contacts are never borrowed from the demo once the file has a partner.
        assert_eq!(
            config.partner.helpdesk,
            Helpdesk {
                email: None,
                phone: None,
                url: Some("https://fabrikam.example/help".into())
            }
        );
        let (_, errors) = parse(&with(r#""partner": {"name": "  "}"#));
        assert_one_error(&errors, "$.partner.name", "This is empty");
    }

    #[test]
    fn language_values() {
        for (value, expected) in [
            ("en", Some(Lang::En)),
            ("ja", Some(Lang::Ja)),
            ("auto", None),
        ] {
            let (config, errors) = parse(&with(&format!(r#""defaultLanguage": "{value}""#)));
            assert_eq!((config.default_language, errors), (expected, vec![]));
        }
        let (_, errors) = parse(&with(r#""defaultLanguage": "ja-JP""#));
        assert_one_error(
            &errors,
            "$.defaultLanguage",
            "use \"en\", \"ja\" or \"auto\"",
        );
    }

    #[test]
    fn troubleshooting_items_checked() {
        let (config, errors) = parse(&with(
            r#""troubleshootingLinks": {"": [], "Teams": [{"url": "https://a.example"}, {"label": {}, "url": "https://b.example"}, 7], "Exchange Online": {}}"#,
        ));
        let paths: Vec<&str> = errors.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.troubleshootingLinks['']",
                "$.troubleshootingLinks['Exchange Online']",
                "$.troubleshootingLinks.Teams[0].label",
                "$.troubleshootingLinks.Teams[1].label",
                "$.troubleshootingLinks.Teams[2]",
            ]
        );
        assert!(errors[2].1.contains("“label” is missing"));
        assert!(errors[3].1.contains("needs an \"en\" or a \"ja\""));
        assert_eq!(config.troubleshooting_links.len(), 1);
        assert_eq!(config.troubleshooting_links["Teams"], vec![]);
    }

    #[test]
    fn customer_message_placeholders() {
        let (config, errors) = parse(&with(
            r#""customerMessage": {"en": "{partner}: {issueId} {title}", "ja": "{顧客名} 様"}"#,
        ));
        assert_one_error(
            &errors,
            "$.customerMessage.ja",
            "{顧客名} is not a placeholder here. Use {issueId}, {title}, {partner}.",
        );
        assert_eq!(
            config.customer_message.en.as_deref(),
            Some("{partner}: {issueId} {title}")
        );
        assert_eq!(config.customer_message.ja, None);
    }

    #[test]
    fn odd_keys_are_quoted_in_paths() {
        assert_eq!(child("$", "links"), "$.links");
        assert_eq!(child("$.a", "Exchange Online"), "$.a['Exchange Online']");
        assert_eq!(child("$", "it's"), "$['it\\'s']");
        assert_eq!(child("$", "1st"), "$['1st']");
    }

    #[test]
    fn never_panics_on_hostile_input() {
        for text in [
            "null",
            "1",
            "\"x\"",
            "{\"version\": 1e400}",
            "{\"version\": -1}",
            "{\"links\": {\"\": \"\"}}",
            "\u{0}",
        ] {
            let result = parse_config(text);
            assert!(!result.errors.is_empty(), "{text}");
        }
    }

    /// The schema in docs/ and the code must list the same link ids and products.
    #[test]
    fn schema_agrees_with_the_code() {
        let schema: Value = match serde_json::from_str(SCHEMA) {
            Ok(schema) => schema,
            Err(error) => panic!("docs/config.schema.json: {error}"),
        };
        let strings = |pointer: &str| -> Vec<String> {
            schema
                .pointer(pointer)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            strings("/properties/links/propertyNames/enum"),
            links::link_ids()
        );
        assert_eq!(
            strings("/properties/products/items/enum"),
            PRODUCTS.iter().map(|(id, _)| *id).collect::<Vec<_>>()
        );
        let keys: Vec<&str> = schema
            .pointer("/properties")
            .and_then(Value::as_object)
            .map(|properties| properties.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut top = TOP_KEYS.to_vec();
        top.sort_unstable();
        assert_eq!(keys, top);
    }

    #[test]
    fn sign_in_settings_are_read_and_checked() {
        let loaded = parse_config(
            r#"{"version": 1, "signIn": {"clientId": "11111111-2222-3333-4444-555555555555",
                "graphHost": "http://127.0.0.1:8081"}}"#,
        );
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        let sign_in = &loaded.config.sign_in;
        assert_eq!(
            sign_in.client_id.as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(sign_in.login_host, "login.microsoftonline.com");
        assert_eq!(sign_in.graph_host, "http://127.0.0.1:8081");

        let loaded = parse_config(
            r#"{"version": 1, "signIn": {"clientId": "my app", "loginHost": "http://evil.example"}}"#,
        );
        let paths: Vec<&str> = loaded.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["$.signIn.clientId", "$.signIn.loginHost"]);
        assert_eq!(loaded.config.sign_in, SignInSettings::default());
    }
}
