//! PHP's serialize format as PHP itself reads and writes it, and WordPress's `is_serialized`,
//! `maybe_serialize` and `maybe_unserialize` as its own functions.php answers: the store on a
//! WordPress database keeps metadata, capabilities and application passwords in this format, and
//! WordPress must read what the server writes.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRng, TestRunner};
use serde_json::{json, Value};
use wp_media_server::store::php;

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/php/serialize-oracle.php"
);

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &Value) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.as_str().unwrap())
        .unwrap()
}

/// JSON values of every kind, nested, with text that PHP's format must count in bytes and must
/// not take for its own punctuation.
fn values() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "[a-z0-9]{0,6}",
        "(\"|;|:|\\}|\\{|é|\u{1F600}|\\\\|\0| |s:1:|a:0:\\{\\}|0|5|-1|05){0,4}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            any::<f64>().prop_filter("finite", |f| f.is_finite()),
            Just(0.5),
            Just(128000.0),
            Just(1e25),
            Just(-0.0907),
        ]
        .prop_map(|f| json!(f)),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text.clone(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Whether two readings agree, numbers compared by value (PHP's `json_encode` writes a float
/// such as 1.0 as it likes; what matters is the number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn php_reads_what_the_server_writes_and_the_server_reads_what_php_writes() {
    let Some(root) = wp_php_oracle::wordpress_root("wp-includes/functions.php") else {
        return wp_php_oracle::skip(
            "CI has php and a WordPress tree (scripts/test.sh)",
            "no php or WordPress tree",
        );
    };
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[7; 32]),
    );
    let values: Vec<Value> = (0..600)
        .map(|_| values().new_tree(&mut runner).unwrap().current())
        .collect();
    let cases: Vec<Value> = values
        .iter()
        .map(|v| json!({"value": v, "ours": b64(&php::serialize(v))}))
        .collect();
    let answers = wp_php_oracle::ask(&[SCRIPT], &[("WP_PHP_ROOT", &root)], &cases);
    let mut differences = Vec::new();
    for (value, answer) in values.iter().zip(&answers) {
        // What the format says the value is, once PHP's array rules have applied.
        let expected = php::unserialize(&php::serialize(value)).unwrap();
        if !same(&answer["read"], &expected) {
            differences.push(format!("PHP read {} for {value}", answer["read"]));
        }
        match php::unserialize(&unb64(&answer["wrote"])) {
            Ok(read) if same(&read, &expected) => {}
            other => differences.push(format!("read {other:?} from PHP's {value}")),
        }
    }
    wp_php_oracle::assert_all_agree("values", answers.len(), &differences, 5);
}

#[test]
fn text_meta_is_serialized_and_read_as_wordpress_does() {
    let Some(root) = wp_php_oracle::wordpress_root("wp-includes/functions.php") else {
        return wp_php_oracle::skip(
            "CI has php and a WordPress tree (scripts/test.sh)",
            "no php or WordPress tree",
        );
    };
    let pieces = [
        "s",
        "a",
        "i",
        "d",
        "b",
        "N",
        "O",
        "E",
        "x",
        ":",
        ";",
        "{",
        "}",
        "\"",
        "1",
        "42",
        "-",
        ".",
        "E+",
        " ",
        "\n",
        "\t",
        "s:1:\"x\";",
        "a:0:{}",
        "N;",
    ];
    let texts = wp_php_oracle::fragments(&pieces, 4000, 7, 20261206);
    let cases: Vec<Value> = texts.iter().map(|t| json!({ "text": t })).collect();
    let answers = wp_php_oracle::ask(&[SCRIPT], &[("WP_PHP_ROOT", &root)], &cases);
    let mut differences = Vec::new();
    for (text, answer) in texts.iter().zip(&answers) {
        let ours = json!({
            "strict": php::is_serialized(text.as_bytes(), true),
            "loose": php::is_serialized(text.as_bytes(), false),
            "stored": b64(&php::maybe_serialize(text)),
        });
        let theirs = json!({
            "strict": answer["strict"],
            "loose": answer["loose"],
            "stored": answer["stored"],
        });
        if ours != theirs {
            differences.push(format!("{text:?}: ours {ours}, WordPress's {theirs}"));
        }
        if let Some(got) = answer["got"].as_str() {
            let read = php::maybe_unserialize_text(text.as_bytes());
            if read != got {
                differences.push(format!("{text:?} read as {read:?}, WordPress {got:?}"));
            }
        }
    }
    wp_php_oracle::assert_all_agree("texts", answers.len(), &differences, 8);
}
