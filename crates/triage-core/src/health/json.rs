//! A pruned JSON tree: only the keys service health uses are kept, everything else is skipped
//! while reading.
//!
//! `serde_json::Value` would build a map for every `details` entry and copy every string of a
//! multi-megabyte paste, only to drop most of it; reading into this tree is several times faster
//! and still lets the walker in `parse.rs` name JSON paths and treat wrong types as warnings.
//! Strings are borrowed from the input where JSON escapes allow.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

/// The keys kept. Graph spells them in camelCase; they are also recognised in any case, as
/// PowerShell's `ConvertTo-Json` writes `Title` and `ImpactDescription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Id,
    Title,
    ImpactDescription,
    Classification,
    Origin,
    Status,
    Service,
    Feature,
    FeatureGroup,
    IsResolved,
    StartDateTime,
    EndDateTime,
    LastModifiedDateTime,
    Posts,
    CreatedDateTime,
    Description,
    Content,
    ContentType,
    Value,
    Issues,
    Error,
    Code,
    Message,
    NextLink,
    LatestPost,
    Sample,
}

const KEYS: [(Key, &str); 26] = [
    (Key::Id, "id"),
    (Key::Title, "title"),
    (Key::ImpactDescription, "impactDescription"),
    (Key::Classification, "classification"),
    (Key::Origin, "origin"),
    (Key::Status, "status"),
    (Key::Service, "service"),
    (Key::Feature, "feature"),
    (Key::FeatureGroup, "featureGroup"),
    (Key::IsResolved, "isResolved"),
    (Key::StartDateTime, "startDateTime"),
    (Key::EndDateTime, "endDateTime"),
    (Key::LastModifiedDateTime, "lastModifiedDateTime"),
    (Key::Posts, "posts"),
    (Key::CreatedDateTime, "createdDateTime"),
    (Key::Description, "description"),
    (Key::Content, "content"),
    (Key::ContentType, "contentType"),
    (Key::Value, "value"),
    (Key::Issues, "issues"),
    (Key::Error, "error"),
    (Key::Code, "code"),
    (Key::Message, "message"),
    (Key::NextLink, "@odata.nextLink"),
    (Key::LatestPost, "latestPost"),
    (Key::Sample, "@escalationTriage.sample"),
];

impl Key {
    /// Called for every key of a multi-megabyte document, so the exact Graph spellings are a
    /// `match` and only other spellings pay for the case-insensitive search.
    fn find(name: &str) -> Option<Key> {
        let exact = match name {
            "id" => Key::Id,
            "title" => Key::Title,
            "impactDescription" => Key::ImpactDescription,
            "classification" => Key::Classification,
            "origin" => Key::Origin,
            "status" => Key::Status,
            "service" => Key::Service,
            "feature" => Key::Feature,
            "featureGroup" => Key::FeatureGroup,
            "isResolved" => Key::IsResolved,
            "startDateTime" => Key::StartDateTime,
            "endDateTime" => Key::EndDateTime,
            "lastModifiedDateTime" => Key::LastModifiedDateTime,
            "posts" => Key::Posts,
            "createdDateTime" => Key::CreatedDateTime,
            "description" => Key::Description,
            "content" => Key::Content,
            "contentType" => Key::ContentType,
            "value" => Key::Value,
            "issues" => Key::Issues,
            "latestPost" => Key::LatestPost,
            // Keys Graph sends that are never needed: skip the search below.
            "details" | "postType" | "@odata.context" | "@odata.etag" | "name" => return None,
            _ => {
                return KEYS
                    .iter()
                    .find(|(_, n)| n.eq_ignore_ascii_case(name))
                    .map(|(k, _)| *k)
            }
        };
        Some(exact)
    }

    /// The Graph spelling, for JSON paths.
    pub fn name(self) -> &'static str {
        KEYS.iter().find(|(k, _)| *k == self).map_or("", |(_, n)| n)
    }
}

#[derive(Debug)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number,
    Str(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Fields<'a>),
    /// The array at an issue's `posts`, already reduced to its newest post: posts are most of a
    /// document's bytes and only one of them is kept.
    Posts(Box<Posts<'a>>),
}

/// An issue's posts, reduced while reading.
#[derive(Debug, Default)]
pub(crate) struct Posts<'a> {
    /// The newest post object by `createdDateTime`; the later one in the array on a tie, as
    /// Graph lists posts oldest first.
    pub latest: Option<Post<'a>>,
    /// Elements that were not objects: their index and what they were, for warnings.
    pub not_objects: Vec<(usize, &'static str)>,
}

#[derive(Debug, Default)]
pub(crate) struct Post<'a> {
    pub created: DateKey,
    /// `description.content` (or a bare string `description`, as some exports flatten it).
    pub content: Option<Cow<'a, str>>,
    pub content_type: Option<Cow<'a, str>>,
}

impl<'a> Posts<'a> {
    fn offer(&mut self, index: usize, post: Result<Post<'a>, &'static str>) {
        match post {
            Ok(post) => {
                if self
                    .latest
                    .as_ref()
                    .is_none_or(|best| post.created >= best.created)
                {
                    self.latest = Some(post);
                }
            }
            Err(kind) => self.not_objects.push((index, kind)),
        }
    }

    fn from_values(items: &'a [Value]) -> Posts<'a> {
        let mut posts = Posts::default();
        for (i, item) in items.iter().enumerate() {
            let post = match item {
                Value::Object(map) => {
                    let get = |key: Key| {
                        map.iter()
                            .find(|(k, _)| Key::find(k) == Some(key))
                            .map(|(_, v)| v)
                    };
                    let (content, content_type) = match get(Key::Description) {
                        Some(Value::String(s)) => (Some(Cow::Borrowed(s.as_str())), None),
                        Some(Value::Object(body)) => {
                            let text = |key: Key| {
                                body.iter()
                                    .find(|(k, _)| Key::find(k) == Some(key))
                                    .and_then(|(_, v)| v.as_str())
                                    .map(Cow::Borrowed)
                            };
                            (text(Key::Content), text(Key::ContentType))
                        }
                        _ => (None, None),
                    };
                    Ok(Post {
                        created: get(Key::CreatedDateTime)
                            .and_then(Value::as_str)
                            .map(date_key)
                            .unwrap_or_default(),
                        content,
                        content_type,
                    })
                }
                Value::Null => Err("null"),
                Value::Bool(_) => Err("a boolean"),
                Value::Number(_) => Err("a number"),
                Value::String(_) => Err("a string"),
                Value::Array(_) => Err("an array"),
            };
            posts.offer(i, post);
        }
        posts
    }
}

/// A sortable form of an ISO 8601 date-time: its numbers in order (year, month, day, hours,
/// minutes, seconds), then the fraction in nanoseconds. Plain string comparison would put
/// `…:38.97Z` before `…:38Z`. Offsets are ignored: Graph always answers in UTC.
pub(crate) type DateKey = ([u32; 6], u64);

pub(crate) fn date_key(s: &str) -> DateKey {
    let mut numbers = [0u32; 6];
    let mut fraction = 0u64;
    let (mut index, mut in_number, mut after_dot, mut fraction_digits) = (0, false, false, 0);
    for b in s.bytes() {
        if b.is_ascii_digit() {
            let d = u32::from(b - b'0');
            if index < 6 {
                numbers[index] = numbers[index].saturating_mul(10).saturating_add(d);
                in_number = true;
            } else if after_dot && fraction_digits < 9 {
                fraction = fraction * 10 + u64::from(d);
                fraction_digits += 1;
            }
        } else {
            if in_number {
                index += 1;
                in_number = false;
            }
            after_dot = index == 6 && b == b'.' && fraction_digits == 0;
        }
    }
    // ".97" and ".970" are equal, ".97" > ".9".
    for _ in fraction_digits..9 {
        fraction *= 10;
    }
    (numbers, fraction)
}

/// The kept fields of an object, in document order.
#[derive(Debug, Default)]
pub(crate) struct Fields<'a>(Vec<(Key, Node<'a>)>);

impl<'a> Fields<'a> {
    pub fn get(&self, key: Key) -> Option<&Node<'a>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn has(&self, key: Key) -> bool {
        self.get(key).is_some()
    }

    /// The string at `key`, if it is one.
    pub fn str(&self, key: Key) -> Option<&str> {
        match self.get(key)? {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Node<'_> {
    /// "a string", "an array"…: what was found, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number => "a number",
            Node::Str(_) => "a string",
            Node::Array(_) | Node::Posts(_) => "an array",
            Node::Object(_) => "an object",
        }
    }

    /// The same pruning for a `serde_json::Value` the caller already holds (a case's
    /// `service_health`). Nesting deeper than a Graph document ever goes is cut off, so a
    /// hand-built pathological value cannot exhaust the stack.
    pub fn from_value(value: &Value) -> Node<'_> {
        Node::from_value_at(value, 0)
    }

    fn from_value_at(value: &Value, depth: usize) -> Node<'_> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(_) => Node::Number,
            Value::String(s) => Node::Str(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) if depth >= MAX_DEPTH => Node::Null,
            Value::Array(items) => Node::Array(
                items
                    .iter()
                    .map(|v| Node::from_value_at(v, depth + 1))
                    .collect(),
            ),
            Value::Object(map) => Node::Object(Fields(
                map.iter()
                    .filter_map(|(k, v)| {
                        let key = Key::find(k)?;
                        Some(match (key, v) {
                            (Key::Posts, Value::Array(items)) => {
                                (key, Node::Posts(Box::new(Posts::from_values(items))))
                            }
                            _ => (key, Node::from_value_at(v, depth + 1)),
                        })
                    })
                    .collect(),
            )),
        }
    }
}

/// Nesting deeper than a Graph document ever goes is cut off.
const MAX_DEPTH: usize = 64;

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Node::Number)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Node::Number)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Node::Number)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Node::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Node::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Node::Str(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // An issue keeps about fifteen keys: one allocation instead of a growing vector's three.
        let mut fields = Vec::with_capacity(16);
        while let Some(KnownKey(key)) = map.next_key()? {
            match key {
                Some(Key::Posts) => fields.push((Key::Posts, map.next_value_seed(PostsSeed)?)),
                Some(key) => fields.push((key, map.next_value()?)),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Node::Object(Fields(fields)))
    }
}

/// Reads the value at `posts`: an array becomes [`Node::Posts`], anything else a plain node
/// (which the walker then reports as the wrong type).
struct PostsSeed;

impl<'de> DeserializeSeed<'de> for PostsSeed {
    type Value = Node<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PostsSeed {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of posts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut posts = Posts::default();
        let mut index = 0;
        while let Some(PostElement(post)) = seq.next_element()? {
            posts.offer(index, post);
            index += 1;
        }
        Ok(Node::Posts(Box::new(posts)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        NodeVisitor.visit_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        NodeVisitor.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        NodeVisitor.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        NodeVisitor.visit_f64(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        NodeVisitor.visit_str(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        NodeVisitor.visit_unit()
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Node<'de>, A::Error> {
        NodeVisitor.visit_map(map)
    }
}

/// A post's `description` (an itemBody: `content` and `contentType`), or a bare string as some
/// exports flatten it. Read without building a node: there is one per post.
struct Body<'a>(Option<Cow<'a, str>>, Option<Cow<'a, str>>);

impl<'de> Deserialize<'de> for Body<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BodyVisitor)
    }
}

struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = Body<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an itemBody")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Body<'de>, A::Error> {
        let mut body = Body(None, None);
        while let Some(KnownKey(key)) = map.next_key()? {
            let slot = match key {
                Some(Key::Content) => &mut body.0,
                Some(Key::ContentType) => &mut body.1,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if let Node::Str(s) = map.next_value()? {
                *slot = Some(s);
            }
        }
        Ok(body)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Body<'de>, E> {
        Ok(Body(Some(Cow::Borrowed(v)), None))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Body<'de>, E> {
        Ok(Body(Some(Cow::Owned(v.to_owned())), None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Body<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Body(None, None))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Body<'de>, E> {
        Ok(Body(None, None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Body<'de>, E> {
        Ok(Body(None, None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Body<'de>, E> {
        Ok(Body(None, None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Body<'de>, E> {
        Ok(Body(None, None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Body<'de>, E> {
        Ok(Body(None, None))
    }
}

/// One element of a `posts` array: a post, or what was found instead.
struct PostElement<'a>(Result<Post<'a>, &'static str>);

impl<'de> Deserialize<'de> for PostElement<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let node = deserializer.deserialize_any(PostVisitor)?;
        Ok(PostElement(node))
    }
}

struct PostVisitor;

impl<'de> Visitor<'de> for PostVisitor {
    type Value = Result<Post<'de>, &'static str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a post")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut post = Post::default();
        while let Some(KnownKey(key)) = map.next_key()? {
            match key {
                Some(Key::CreatedDateTime) => {
                    if let Node::Str(s) = map.next_value()? {
                        post.created = date_key(&s);
                    }
                }
                Some(Key::Description) => {
                    let Body(content, content_type) = map.next_value()?;
                    (post.content, post.content_type) = (content, content_type);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Ok(post))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("an array"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err("a number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err("a string"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Err("null"))
    }
}

/// An object key, recognised without allocating; `None` for keys that are skipped.
struct KnownKey(Option<Key>);

impl<'de> Deserialize<'de> for KnownKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KnownKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KnownKey, E> {
                Ok(KnownKey(Key::find(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_keys_order_fractions_correctly() {
        assert!(date_key("2024-01-01T07:07:38.97Z") > date_key("2024-01-01T07:07:38Z"));
        assert!(date_key("2024-01-01T07:07:38.97Z") > date_key("2024-01-01T07:07:38.9Z"));
        assert_eq!(
            date_key("2024-01-01T07:07:38.97Z"),
            date_key("2024-01-01T07:07:38.970Z")
        );
        assert!(date_key("2024-01-01T07:07:39Z") > date_key("2024-01-01T07:07:38.97Z"));
        assert!(date_key("2024-01-02T00:00:00Z") > date_key("2024-01-01T23:59:59.999Z"));
        assert!(date_key("2024-01-01T10:00:00+09:00") > date_key("2024-01-01T09:59:59Z"));
        assert_eq!(date_key(""), DateKey::default());
    }
}
