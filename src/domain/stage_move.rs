//! Which stage a project may move to: 招引中 → 洽谈中 → 已签约 → 已落地, one step at a
//! time; to 已搁置 from any stage but 已落地; from 已搁置 only back to the stage it was
//! shelved from. 已落地 is final, because landing credits referrals and awards.

use super::Stage;

/// The stages a project in `from` may move to. `shelved_from` is the stage a
/// shelved project was shelved from; a project shelved before that was
/// recorded may go back to any stage short of 已落地.
pub fn allowed_moves(from: Stage, shelved_from: Option<Stage>) -> Vec<Stage> {
    match from {
        Stage::Attracting => vec![Stage::Negotiating, Stage::Shelved],
        Stage::Negotiating => vec![Stage::Signed, Stage::Shelved],
        Stage::Signed => vec![Stage::Landed, Stage::Shelved],
        Stage::Landed => Vec::new(),
        Stage::Shelved => match shelved_from {
            Some(back) if back != Stage::Shelved && back != Stage::Landed => vec![back],
            _ => vec![Stage::Attracting, Stage::Negotiating, Stage::Signed],
        },
    }
}

/// `Ok` when the move is allowed (staying where it is always is); otherwise a
/// message for a clerk naming the moves allowed from here.
pub fn check_move(from: Stage, to: Stage, shelved_from: Option<Stage>) -> Result<(), String> {
    let allowed = allowed_moves(from, shelved_from);
    if from == to || allowed.contains(&to) {
        return Ok(());
    }
    let labels: Vec<&str> = allowed.iter().map(|s| s.label()).collect();
    let here = if labels.is_empty() {
        "已落地是最终阶段，不能再改".to_owned()
    } else {
        format!("当前只能改为：{}", labels.join("、"))
    };
    Err(format!(
        "项目不能从“{}”改为“{}”；{here}",
        from.label(),
        to.label()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    #[test]
    fn forward_one_step_or_shelve() {
        assert!(check_move(Attracting, Negotiating, None).is_ok());
        assert!(check_move(Negotiating, Signed, None).is_ok());
        assert!(check_move(Signed, Landed, None).is_ok());
        for from in [Attracting, Negotiating, Signed] {
            assert!(check_move(from, Shelved, None).is_ok());
        }
        assert!(check_move(Attracting, Signed, None).is_err());
        assert!(check_move(Signed, Negotiating, None).is_err());
    }

    #[test]
    fn landed_is_final_and_says_so() {
        for to in [Attracting, Negotiating, Signed, Shelved] {
            let message = check_move(Landed, to, None).unwrap_err();
            assert!(message.contains("最终阶段"), "{message}");
        }
        assert!(check_move(Landed, Landed, None).is_ok());
    }

    #[test]
    fn shelved_goes_back_only_where_it_was() {
        assert!(check_move(Shelved, Signed, Some(Signed)).is_ok());
        let message = check_move(Shelved, Attracting, Some(Signed)).unwrap_err();
        assert_eq!(
            message,
            "项目不能从“已搁置”改为“招引中”；当前只能改为：已签约"
        );
        assert!(check_move(Shelved, Landed, Some(Signed)).is_err());
        assert!(check_move(Shelved, Landed, None).is_err());
    }
}
