//! Sign-in, tokens and accounts: `routes/api/auth.rs`, `register.rs`,
//! `tokens.rs` and `users.rs`.

use crate::openapi::paths::{Op, op};
use crate::openapi::schema::{list_of, schema_ref};

/// The operations of this area, in the order of the document.
pub(super) fn operations() -> Vec<Op> {
    vec![
        op("post", "/auth/login", "auth", "登录：设置会话 Cookie")
            .public()
            .json("LoginReq")
            .ok(200, schema_ref("UserEnvelope")),
        op("post", "/auth/logout", "auth", "退出：只结束 Cookie 会话").no_content(),
        op("get", "/auth/me", "auth", "当前用户").ok(200, schema_ref("UserEnvelope")),
        op(
            "post",
            "/auth/password",
            "auth",
            "修改本人密码；其他会话和全部令牌失效；当前密码错误与登录失败一样限次并记入审计",
        )
        .json("PasswordReq")
        .no_content(),
        op(
            "post",
            "/auth/register",
            "auth",
            "乡贤本人注册：账号和一份本人草稿档案（组织者核实后才公开；每个地址每小时限几次，超出 429）",
        )
        .public()
        .json("RegisterReq")
        .ok(201, schema_ref("Registered")),
        op(
            "post",
            "/tokens",
            "auth",
            "为调用者签发 Bearer 令牌（明文只返回这一次；默认 90 天后失效，最多 365 天；只能在登录会话中签发，用令牌调用时 403；修改或重置密码、停用账号时全部失效）",
        )
        .json("TokenReq")
        .ok(201, schema_ref("NewToken")),
        op("get", "/tokens", "auth", "调用者未失效的令牌，含到期时间和最近使用时间")
            .ok(200, list_of(schema_ref("Token"))),
        op("delete", "/tokens/{id}", "auth", "吊销调用者的一个令牌").no_content(),
        op("post", "/users", "users", "新建账号（管理员）")
            .json("CreateUserReq")
            .ok(201, schema_ref("User")),
        op("get", "/users", "users", "全部账号（管理员）").ok(200, list_of(schema_ref("User"))),
        op(
            "patch",
            "/users/{id}",
            "users",
            "修改账号：停用、重置密码、角色、辖区（管理员）",
        )
        .json("UpdateUserReq")
        .ok(200, schema_ref("User")),
    ]
}
