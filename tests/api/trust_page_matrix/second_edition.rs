//! Page rows of 乡贤社团 and the 创业服务中心, kept apart so the table stays readable.

use super::{PageRow, get, post};

pub(super) fn rows() -> Vec<PageRow> {
    //                                           anon  A    B    orgX orgY stafO op   opO  admin
    vec![
        // 乡贤社团 of village X's township: organizer X reads it, only its keepers change it.
        get(
            "/organizations",
            [303, 403, 403, 200, 200, 200, 403, 403, 200],
        ),
        post(
            "/organizations",
            [303, 403, 403, 400, 400, 400, 403, 403, 400],
        ),
        get(
            "/organizations/{id}",
            [303, 404, 404, 200, 404, 404, 404, 404, 200],
        )
        .on("organization"),
        get(
            "/organizations/{id}/edit",
            [303, 404, 404, 403, 404, 404, 404, 404, 200],
        )
        .on("organization"),
        post(
            "/organizations/{id}/edit",
            [303, 404, 404, 403, 404, 404, 404, 404, 400],
        )
        .on("organization"),
        post(
            "/organizations/{id}/delete",
            [303, 404, 404, 403, 404, 404, 404, 404, 303],
        )
        .on("fresh_organization"),
        post(
            "/organizations/{id}/members",
            [303, 404, 404, 400, 404, 404, 404, 404, 400],
        )
        .on("organization"),
        // No such member: the keepers are told so, the others as always.
        post(
            "/organizations/{id}/members/{profile_id}/delete",
            [303, 404, 404, 403, 404, 404, 404, 404, 404],
        )
        .on("organization"),
        // 创业服务中心: founders file and follow their own; staff of the county act.
        get("/service", [303, 200, 200, 403, 403, 200, 403, 403, 200]),
        post("/service", [303, 400, 400, 403, 403, 403, 403, 403, 403]),
        get(
            "/service/{id}",
            [303, 200, 404, 404, 404, 404, 404, 404, 200],
        )
        .on("fresh_service_request"),
        post(
            "/service/{id}",
            [303, 400, 404, 404, 404, 404, 404, 404, 400],
        )
        .on("fresh_service_request"),
    ]
}
