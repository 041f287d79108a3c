//! One operation of the document (`Op`), and the parameters operations share.

use serde_json::{Map, Value, json};

use super::schema::{
    BLANK, CITY_COUNTY_CODE, REGION_CODE, chain_codes, codes, id, int, schema_ref,
};
use crate::domain::{CapitalRange, Intent};
use crate::service::matching::MAX_LIMIT;
use crate::service::paging::{DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE};
use crate::service::subsidy::MAX_MONTHLY_FEE;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// One method on one path.
pub struct Op {
    pub method: &'static str,
    pub path: &'static str,
    tag: &'static str,
    summary: &'static str,
    public: bool,
    query: Vec<Value>,
    body: Option<Value>,
    status: u16,
    answer: Option<(&'static str, Value)>,
    /// Another success answer (202 for a transfer waiting for approval).
    also: Option<(u16, Value)>,
    /// Answers 410 for a used or expired one-time link.
    gone: bool,
}

impl Op {
    pub(super) fn public(mut self) -> Self {
        self.public = true;
        self
    }

    pub(super) fn gone(mut self) -> Self {
        self.gone = true;
        self
    }

    pub(super) fn query(mut self, params: Vec<Value>) -> Self {
        self.query.extend(params);
        self
    }

    /// A JSON body of the named request schema.
    pub(super) fn json(mut self, schema: &str) -> Self {
        self.body = Some(json!({"required": true,
            "content": {"application/json": {"schema": schema_ref(schema)}}}));
        self
    }

    /// A body of other media types (uploads).
    pub(super) fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    pub(super) fn ok(mut self, status: u16, schema: Value) -> Self {
        self.status = status;
        self.answer = Some(("application/json", schema));
        self
    }

    /// A second success status with its JSON body.
    pub(super) fn also(mut self, status: u16, schema: Value) -> Self {
        self.also = Some((status, schema));
        self
    }

    pub(super) fn no_content(mut self) -> Self {
        self.status = 204;
        self.answer = None;
        self
    }

    pub(super) fn file(mut self) -> Self {
        self.status = 200;
        self.answer = Some((XLSX, json!({"type": "string", "format": "binary"})));
        self
    }

    /// A PNG picture (a QR code).
    pub(super) fn png(mut self) -> Self {
        self.status = 200;
        self.answer = Some(("image/png", json!({"type": "string", "format": "binary"})));
        self
    }

    /// The path parameters, read from the path itself.
    fn path_params(&self) -> Vec<Value> {
        self.path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                // Examples name records of the demo data set, so that the
                // examples phase reaches real rows and not only 404s.
                let schema = if name == "code" {
                    json!({"type": "string", "pattern": REGION_CODE, "examples": ["421222100201"]})
                } else if name == "token" {
                    json!({"type": "string", "pattern": "^[A-Za-z0-9_-]{1,100}$"})
                } else {
                    let mut id = id();
                    id["examples"] = json!([1]);
                    id
                };
                json!({"name": name, "in": "path", "required": true, "schema": schema})
            })
            .collect()
    }

    pub fn into_json(self) -> Value {
        let mut responses = Map::new();
        let success = match &self.answer {
            Some((mime, schema)) => {
                json!({"description": "成功", "content": {(*mime): {"schema": schema}}})
            }
            None => json!({"description": "成功，无内容"}),
        };
        responses.insert(self.status.to_string(), success);
        if let Some((status, schema)) = &self.also {
            responses.insert(
                status.to_string(),
                json!({"description": "已受理，等待审批",
                       "content": {"application/json": {"schema": schema}}}),
            );
        }
        for status in [400, 401, 403, 404, 409, 413, 422, 429] {
            responses.insert(
                status.to_string(),
                json!({"$ref": format!("#/components/responses/E{status}")}),
            );
        }
        if self.gone {
            responses.insert("410".into(), json!({"$ref": "#/components/responses/E410"}));
        }
        let mut params = self.path_params();
        params.extend(self.query);
        let operation_id = format!(
            "{}{}",
            self.method,
            self.path
                .replace(['{', '}'], "")
                .split(['/', '-'])
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let mut c = s.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect::<String>()
        );
        let mut op = json!({
            "operationId": operation_id,
            "tags": [self.tag],
            "summary": self.summary,
            "parameters": params,
            "responses": responses,
            "security": if self.public {
                json!([])
            } else {
                json!([{"bearer": []}, {"session": []}])
            },
        });
        if let Some(body) = self.body {
            op["requestBody"] = body;
        }
        op
    }
}

pub(super) fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
) -> Op {
    Op {
        method,
        path,
        tag,
        summary,
        public: false,
        also: None,
        gone: false,
        query: Vec::new(),
        body: None,
        status: 200,
        answer: None,
    }
}

/// An optional query parameter.
pub(super) fn query_param(name: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": schema,
           "description": description})
}

/// A filter where a blank value (white space only) means "not given".
pub(super) fn blank_ok(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "string", "pattern": BLANK}]})
}

/// A filter where only the empty value means "not given" (the profile search
/// does not trim its filters).
fn empty_ok(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "string", "maxLength": 0}]})
}

pub(super) fn paging() -> Vec<Value> {
    vec![
        query_param("page", int(1, MAX_PAGE as i64), "页码，从 1 开始"),
        query_param(
            "per_page",
            int(1, MAX_PER_PAGE as i64),
            &format!("每页条数，默认 {DEFAULT_PER_PAGE}"),
        ),
    ]
}

pub(super) fn text_query() -> Value {
    query_param("q", json!({"type": "string"}), "文本检索")
}

pub(super) fn county_filter() -> Value {
    query_param(
        "county",
        blank_ok(json!({"type": "string", "pattern": CITY_COUNTY_CODE})),
        "咸宁市的县（市、区）代码",
    )
}

pub(super) fn chain_filter() -> Value {
    query_param(
        "chain",
        blank_ok(codes(chain_codes())),
        "产业链或细分领域代码",
    )
}

pub(super) fn limit() -> Vec<Value> {
    vec![query_param(
        "limit",
        blank_ok(int(1, MAX_LIMIT as i64)),
        "条数，默认 20",
    )]
}

/// A match list's page: `page`, `per_page` and its old name `limit`.
pub(super) fn match_paging() -> Vec<Value> {
    let mut out = paging();
    out.extend(limit());
    out
}

/// The filters of people for a project.
pub(super) fn match_filters() -> Vec<Value> {
    vec![
        query_param(
            "region",
            empty_ok(json!({"anyOf": [
                {"type": "string", "enum": ["本县", "county"]},
                {"type": "string", "pattern": REGION_CODE}]})),
            "籍贯：本县（项目所在县）或地区代码（含下级）",
        ),
        query_param(
            "verified",
            empty_ok(json!({"type": "boolean"})),
            "是否已核实",
        ),
        query_param("intent", empty_ok(codes(Intent::codes())), "回乡意向"),
    ]
}

/// The search filters, without paging (an export is every matching row).
pub(super) fn profile_filters() -> Vec<Value> {
    vec![
        text_query(),
        query_param(
            "region",
            empty_ok(json!({"type": "string", "pattern": REGION_CODE})),
            "籍贯地区代码（含下级）",
        ),
        query_param("chain", empty_ok(codes(chain_codes())), "产业链或细分领域"),
        query_param("intent", empty_ok(codes(Intent::codes())), "回乡意向"),
        query_param(
            "capital",
            empty_ok(codes(CapitalRange::codes())),
            "可投资金区间",
        ),
        query_param("verified", json!({"type": "boolean"}), "是否已核实"),
        query_param(
            "stale",
            json!({"type": "boolean"}),
            "只列超过一年未确认的档案（最久未确认的在前）",
        ),
        query_param(
            "org",
            id(),
            "只列该乡贤社团的成员（调用者看不到的社团为 404）",
        ),
    ]
}

/// A monthly fee in 元; blank or left out is 0.
pub(super) fn money(name: &str, what: &str) -> Value {
    query_param(
        name,
        blank_ok(json!({"type": "number", "minimum": 0,
            "maximum": MAX_MONTHLY_FEE.yuan()})),
        what,
    )
}

#[cfg(test)]
mod tests {
    use super::super::operations;
    use super::super::schema::array;
    use super::*;

    #[test]
    fn operation_ids_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for op in operations::all() {
            let v = op.into_json();
            let id = v["operationId"].as_str().unwrap_or_default().to_owned();
            assert!(seen.insert(id.clone()), "duplicate operationId {id}");
        }
    }

    #[test]
    fn path_parameters_come_from_the_path() {
        let v = op("get", "/regions/{code}", "t", "t").into_json();
        assert_eq!(v["parameters"][0]["name"], "code");
        assert_eq!(array(json!({}))["type"], "array");
    }
}
