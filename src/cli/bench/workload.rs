//! What the bench asks: the fixed, mixed query set and the projects it matches.

/// The fixed, mixed query set: words, two words, names, pinyin, filters.
pub(super) const QUERIES: &[(&str, &str, &str)] = &[
    ("光纤", "", ""),
    ("无线充电", "", ""),
    ("液晶显示模组", "", ""),
    ("锂电池隔膜", "", ""),
    ("工业互联网", "", ""),
    ("光模块", "", ""),
    ("智能安防", "", ""),
    ("研发总监", "", ""),
    ("海康威视", "", ""),
    ("信维通信", "", ""),
    ("光纤 预制棒", "", ""),
    ("无线充电 模组", "", ""),
    ("电解液 正极", "", ""),
    ("工业软件 MES", "", ""),
    ("张伟", "", ""),
    ("王芳", "", ""),
    ("zhangwei", "", ""),
    ("lijuan", "", ""),
    ("zw", "", ""),
    ("光纤", "optical", ""),
    ("无线充电", "terminal.components", "421222"),
    ("总经理", "", "421281"),
    ("", "display", ""),
    ("", "", "421223"),
    ("深圳", "software", "421202"),
];

pub(super) const PROJECTS: &[(&str, &str)] = &[
    (
        "无线充电接收端模组生产线，需要模组封装与线圈绕线技术",
        "terminal.components",
    ),
    ("液晶显示模组及配套玻璃基板项目", "display.lcd"),
    ("光纤预制棒与特种光纤产线", "optical.fiber"),
    ("锂电池隔膜与电解液材料项目", "materials.battery"),
    ("工业互联网平台与制造执行系统", "software.iiot"),
    ("100G光模块与光器件封装", "optical.components"),
];
