//! A small JSON Schema validator for the subset docs/record.schema.json uses: `type` (one or a
//! list), `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `const`,
//! `minimum`, and `$ref` to `#/$defs/…`. Annotations are ignored. Any other keyword is an
//! error, so the schema cannot silently use something unchecked.

use serde_json::Value;

pub fn record_schema() -> Value {
    let path = super::repo_root().join("docs/record.schema.json");
    let text = std::fs::read_to_string(&path).expect("docs/record.schema.json exists");
    serde_json::from_str(&text).expect("the schema is JSON")
}

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "$defs",
    "examples",
];

pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = schema
        .as_object()
        .ok_or_else(|| format!("{at}: schema is not an object"))?;
    for key in schema.keys() {
        let known = ANNOTATIONS.contains(&key.as_str())
            || matches!(
                key.as_str(),
                "type"
                    | "properties"
                    | "required"
                    | "additionalProperties"
                    | "items"
                    | "enum"
                    | "const"
                    | "minimum"
                    | "maximum"
                    | "$ref"
            );
        if !known {
            return Err(format!(
                "{at}: the test validator does not support schema keyword `{key}`"
            ));
        }
    }
    if let Some(reference) = schema.get("$ref") {
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .ok_or_else(|| format!("{at}: unsupported $ref {reference}"))?;
        let target = root["$defs"]
            .get(name)
            .ok_or_else(|| format!("{at}: no $defs/{name}"))?;
        validate(root, target, value, at)?;
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return Err(format!("{at}: bad `type`")),
        };
        if !types.iter().any(|t| type_matches(t, value)) {
            return Err(format!("{at}: expected {types:?}, found {value}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Some(expected) = schema.get("const")
        && expected != value
    {
        return Err(format!("{at}: expected {expected}, found {value}"));
    }
    let number = value.as_f64();
    if let (Some(minimum), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), number)
        && n < minimum
    {
        return Err(format!("{at}: {n} is below {minimum}"));
    }
    if let (Some(maximum), Some(n)) = (schema.get("maximum").and_then(Value::as_f64), number)
        && n > maximum
    {
        return Err(format!("{at}: {n} is above {maximum}"));
    }
    if let Value::Object(object) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    return Err(format!("{at}: missing required `{name}`"));
                }
            }
        }
        for (name, item) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => validate(root, sub, item, &format!("{at}.{name}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: undocumented field `{name}`"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(root, item_schema, item, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

#[test]
fn the_validator_rejects_what_it_should() {
    let schema = serde_json::json!({
        "type": "object",
        "required": ["a"],
        "additionalProperties": false,
        "properties": {"a": {"$ref": "#/$defs/small"}, "b": {"enum": ["x", "y"]}},
        "$defs": {"small": {"type": "integer", "minimum": 0}}
    });
    let ok = |v: Value| validate(&schema, &schema, &v, "v");
    assert!(ok(serde_json::json!({"a": 1, "b": "x"})).is_ok());
    assert!(
        ok(serde_json::json!({"a": -1}))
            .unwrap_err()
            .contains("below")
    );
    assert!(
        ok(serde_json::json!({"b": "x"}))
            .unwrap_err()
            .contains("missing required")
    );
    assert!(
        ok(serde_json::json!({"a": 1, "c": 2}))
            .unwrap_err()
            .contains("undocumented")
    );
    assert!(
        ok(serde_json::json!({"a": 1, "b": "z"}))
            .unwrap_err()
            .contains("not one of")
    );
    assert!(
        ok(serde_json::json!({"a": "1"}))
            .unwrap_err()
            .contains("expected")
    );
}
