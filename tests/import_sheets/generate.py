#!/usr/bin/env python3
"""Builds the test sheets the way township and village clerks keep them, and
beside each a truth file (<sheet>.truth.json): every person's village code,
birth year, mobile, employer and title, or "skip" with the reason.

Run from the repository root: python3 tests/import_sheets/generate.py
(needs openpyxl). The generated files are committed; the import test reads
them as they are, with no edits.
"""
import csv
import datetime
import io
import json
import os

from openpyxl import Workbook
from openpyxl.styles import Alignment

HERE = os.path.dirname(os.path.abspath(__file__))


def person(name, village, birth_year, mobile, employer, title, **typed):
    return {"name": name, "village": village, "birth_year": birth_year,
            "mobile": mobile, "employer": employer, "title": title, "typed": typed}


def write_truth(stem, scope, staff_scope, rows):
    people = []
    for r in rows:
        t = dict(r)
        t.pop("typed", None)
        people.append(t)
    with open(os.path.join(HERE, stem + ".truth.json"), "w", encoding="utf-8") as f:
        json.dump({"organizer_scope": scope, "staff_scope": staff_scope, "people": people},
                  f, ensure_ascii=False, indent=1)


def skip(sheet, row, reason):
    return {"sheet": sheet, "row": row, "skip": reason}


# ---------------------------------------------------------------- A: 通城县隽水镇, two-row header
def sheet_a():
    wb = Workbook()
    ws = wb.active
    ws.title = "乡贤名单"
    ws.merge_cells("A1:J1")
    ws["A1"] = "通城县隽水镇在外乡贤信息登记表"
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:J2")
    ws["A2"] = "填报单位：隽水镇人民政府（盖章）            填报时间：2026年11月"
    heads = ["序号", "姓名", "性别", "出生年月", "籍贯", "现工作单位及职务", "学历", "现居地"]
    for i, h in enumerate(heads):
        col = chr(ord("A") + i)
        ws.merge_cells(f"{col}3:{col}4")
        ws[f"{col}3"] = h
    ws.merge_cells("I3:J3")
    ws["I3"] = "联系方式"
    ws["I4"] = "联系电话"
    ws["J4"] = "微信号"
    d = datetime.datetime
    people = [
        # name typed, sex, birth typed, 籍贯 typed, 单位及职务 typed, 学历, 现居地, phone typed, wechat -> truth
        ("张建国", "男", "1978.05", "通城县隽水镇油坊村5组", "深圳市信维通信股份有限公司研发总监", "研究生", "广东深圳", "13812345001", "zjg_sz",
         "421222100203", 1978, "13812345001", "深圳市信维通信股份有限公司", "研发总监"),
        ("李秀英", "女", "1982年3月", "隽水镇利和村", "武汉华星光电技术有限公司总经理", "大学本科", "武汉", "13912345002", "",
         "421222100201", 1982, "13912345002", "武汉华星光电技术有限公司", "总经理"),
        ("王  强", "男", d(1975, 8, 12), "雁塔社区", "通城县人民医院院长", "大学本科", "本地", "13612345003", "",
         "421222100001", 1975, "13612345003", "通城县人民医院", "院长"),
        ("刘洋", "男", "1990.11", "宝塔", "北京字节跳动科技有限公司高级工程师", "研究生", "北京", "15012345004（微信同号）", "",
         "421222100003", 1990, "15012345004", "北京字节跳动科技有限公司", "高级工程师"),
        ("陈芳", "女", "1968年12月", "通城县隽水镇宝塔社区居民委员会", "中国银行咸宁分行行长", "大学本科", "咸宁", "13312345005", "chenfang68",
         "421222100003", 1968, "13312345005", "中国银行咸宁分行", "行长"),
        ("赵德胜", "男", "1963.02", "湖北省咸宁市通城县隽水镇下阔村3组", "武汉光谷集团董事长兼总经理", "专科", "上海浦东", "13146306820/0715-4240709", "",
         "421222100206", 1963, "13146306820", "武汉光谷集团", "董事长兼总经理"),
        ("孙丽", "女", "1986.7", "隽水镇石泉村", "湖北科技大学教授", "研究生", "咸宁咸安", "18612345007", "",
         "421222100205", 1986, "18612345007", "湖北科技大学", "教授"),
        ("周文", "男", d(1971, 1, 30), "东港村", "东莞长安镇个体经营", "高中", "东莞长安", "0769-85551234", "",
         "421222100208", 1971, None, "东莞长安镇个体经营", ""),
        ("吴海涛", "男", "1980.09", "桃源村2组", "深圳市大疆创新科技有限公司 供应链经理", "大学本科", "广东深圳", "13712345009", "wht_dji",
         "421222100209", 1980, "13712345009", "深圳市大疆创新科技有限公司", "供应链经理"),
        ("郑红梅", "女", "1979年6月", "隽水镇柳峦村", "通城县第一中学教师", "大学本科", "本地", "13512345010", "",
         "421222100210", 1979, "13512345010", "通城县第一中学", "教师"),
        ("黄志明", "男", "1984.04", "铁柱村", "上海华为技术有限公司工程师", "研究生", "上海浦东", "13812345011", "",
         "421222100211", 1984, "13812345011", "上海华为技术有限公司", "工程师"),
        ("何  琴", "女", "1992.10", "上阔村", "杭州阿里巴巴集团产品经理", "研究生", "浙江杭州", "13612345012", "",
         "421222100200", 1992, "13612345012", "杭州阿里巴巴集团", "产品经理"),
        ("罗斌", "男", "1970.03", "银城社区", "通城县隽水镇人民政府镇长", "大学本科", "本地", "13912345013", "",
         "421222100002", 1970, "13912345013", "通城县隽水镇人民政府", "镇长"),
        ("许立新", "男", "1966年8月", "旭红社区", "北京大成律师事务所合伙人", "研究生", "北京", "13812345014", "",
         "421222100004", 1966, "13812345014", "北京大成律师事务所", "合伙人"),
        ("邓小平", "男", "1988.12", "湘汉社区", "深圳市腾讯计算机系统有限公司研发部经理", "大学本科", "广东深圳", "18912345015", "",
         "421222100005", 1988, "18912345015", "深圳市腾讯计算机系统有限公司研发部", "经理"),
        ("冯雪", "女", "1995.02", "和平社区", "武汉长江存储科技有限责任公司技术员", "专科", "武汉", "13012345016", "",
         "421222100007", 1995, "13012345016", "武汉长江存储科技有限责任公司", "技术员"),
    ]
    out_of_scope = ("钱七", "男", "1974.06", "崇阳县天城镇七星村", "崇阳县天城镇七星村村委会主任", "高中", "本地", "13912345099", "")
    rows = []
    r = 5
    for i, p in enumerate(people):
        name, sex, birth, home, job, edu, res, phone, wx = p[:9]
        vill, by, mob, emp, title = p[9:]
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, name)
        ws.cell(r, 3, sex)
        c = ws.cell(r, 4, birth)
        if isinstance(birth, datetime.datetime):
            c.number_format = "yyyy-mm-dd"
        ws.cell(r, 5, home)
        ws.cell(r, 6, job)
        ws.cell(r, 7, edu)
        ws.cell(r, 8, res)
        ws.cell(r, 9, phone)
        ws.cell(r, 10, wx or None)
        rows.append({"sheet": "乡贤名单", "row": r, "name": name.replace(" ", ""), "village": vill,
                     "birth_year": by, "mobile": mob, "employer": emp, "title": title})
        r += 1
    # 学历 merged over the last two people (the same value, typed once).
    ws.merge_cells(f"G{r-2}:G{r-1}")
    name, sex, birth, home, job, edu, res, phone, wx = out_of_scope
    for col, v in enumerate([len(people) + 1, name, sex, birth, home, job, edu, res, phone], start=1):
        ws.cell(r, col, v)
    rows.append(skip("乡贤名单", r, "out_of_scope"))
    r += 1
    ws.merge_cells(f"A{r}:C{r}")
    ws.cell(r, 1, "合计")
    ws.cell(r, 4, f"{len(people) + 1}人")
    rows.append(skip("乡贤名单", r, "total"))
    r += 1
    ws.merge_cells(f"A{r}:J{r}")
    ws.cell(r, 1, "填表人：张三        审核人：李四        联系电话：0715-4321234")
    rows.append(skip("乡贤名单", r, "footer"))
    wb.save(os.path.join(HERE, "a_jsz_two_row_header.xlsx"))
    write_truth("a_jsz_two_row_header", "421222100", "421222", rows)


# ---------------------------------------------------------------- B: 麦市镇, GBK CSV from Excel
def sheet_b():
    lines = [
        ["通城县麦市镇在外乡贤名单", "", "", "", "", "", "", "", "", ""],
        ["序号", "姓名", "性别", "出生年月", "家庭住址", "工作单位", "职务", "学历", "现居住地", "手机号码"],
    ]
    people = [
        ("孟  云", "男", "1977.04", "麦市镇七里村4组", "长沙三一重工股份有限公司", "副总裁", "研究生", "湖南长沙", "13812346001",
         "421222101200", 1977, "13812346001", "长沙三一重工股份有限公司", "副总裁"),
        ("徐国华", "男", "1969.1", "通城县麦市镇井堂村", "麦市镇中心小学", "校长", "专科", "本地", "１３９１２３４６００２",
         "421222101201", 1969, "13912346002", "麦市镇中心小学", "校长"),
        ("胡  静", "女", "1985年9月", "株树村", "武汉大学人民医院", "主任医师", "研究生", "武汉", "1.85105E+10",
         "421222101202", 1985, None, "武汉大学人民医院", "主任医师"),
        ("高峰", "男", "1972.12", "麦市村", "通城县麦市镇人民政府", "副镇长", "大学本科", "本地", "13146306820/0715-4240709",
         "421222101203", 1972, "13146306820", "通城县麦市镇人民政府", "副镇长"),
        ("林雅", "女", "1991.05", "长冲村", "深圳市华星光电技术有限公司", "工艺工程师", "大学本科", "广东深圳", "15199975044（微信同号）",
         "421222101204", 1991, "15199975044", "深圳市华星光电技术有限公司", "工艺工程师"),
        ("谢永红", "男", "1960.08", "李塅村", "", "", "初中", "本地", "0715-4240709",
         "421222101205", 1960, None, "", ""),
        ("唐  军", "男", "１９８３．０６", "冷塅村", "广州小鹏汽车科技有限公司", "总监", "大学本科", "广东广州", "13612346007 (本人)",
         "421222101206", 1983, "13612346007", "广州小鹏汽车科技有限公司", "总监"),
        ("韩梅", "女", "1987.03", "陈塅村", "中国移动通城分公司", "客户经理", "专科", "本地", "13912346008；13012346008",
         "421222101207", 1987, "13912346008", "中国移动通城分公司", "客户经理"),
    ]
    rows = [skip("", 1, "title"), ]
    for i, p in enumerate(people):
        lines.append([str(i + 1)] + list(p[:9]))
        r = len(lines)
        rows.append({"sheet": "", "row": r, "name": p[0].replace(" ", ""), "village": p[9], "birth_year": p[10],
                     "mobile": p[11], "employer": p[12], "title": p[13]})
    lines.append(["小计", "", "", "", "", "", "", "", "", ""])
    lines.append(["", "8人", "", "", "", "", "", "", "", ""])
    rows.append(skip("", len(lines) - 1, "total"))
    rows.append(skip("", len(lines), "total"))
    lines.append(["填表人：刘敏", "", "", "", "", "", "", "", "审核：", ""])
    rows.append(skip("", len(lines), "footer"))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(lines)
    with open(os.path.join(HERE, "b_maishi_gbk.csv"), "wb") as f:
        f.write(buf.getvalue().encode("gbk"))
    write_truth("b_maishi_gbk", "421222101", "421222", rows)


# ---------------------------------------------------------------- C: 崇阳县天城镇, one sheet per village
def sheet_c():
    wb = Workbook()
    first = wb.active
    wb.remove(first)
    rows = []
    head = ["序号", "姓名", "性别", "出生年月", "籍贯", "工作单位及职务", "联系电话", "现居地"]
    sheets = {
        "洪下村": [
            ("汪大海", "男", "1976.03", "本村", "崇阳县农商银行行长", "13812347001", "本地",
             "421223100200", 1976, "13812347001", "崇阳县农商银行", "行长"),
            ("柯小兰", "女", "1989.09", "", "武汉京东方光电科技有限公司质量主管", "13912347002", "武汉",
             "421223100200", 1989, "13912347002", "武汉京东方光电科技有限公司", "质量主管"),
            ("庞志", "男", "1981.11", "本村3组", "深圳市汇顶科技股份有限公司副总经理", "13712347003", "广东深圳",
             "421223100200", 1981, "13712347003", "深圳市汇顶科技股份有限公司", "副总经理"),
            # another township's person on this village's sheet: out of scope, never written here
            ("钟国庆", "男", "1970.01", "通城县隽水镇利和村", "通城县隽水镇利和村村委会主任", "13612347004", "本地",
             None, None, None, None, None),
        ],
        "河田村": [
            ("甘露", "女", "1984.04", "天城镇河田村", "崇阳县人民医院护士长", "13512347005", "本地",
             "421223100201", 1984, "13512347005", "崇阳县人民医院", "护士长"),
            ("饶光明", "男", "1965.07", "河田村6组", "湖北崇阳经济开发区管委会主任", "13312347006", "本地",
             "421223100201", 1965, "13312347006", "湖北崇阳经济开发区管委会", "主任"),
        ],
        "七星社区": [
            ("舒畅", "男", "1979.10", "", "北京小米科技有限责任公司总监", "18612347007", "北京",
             "421223100001", 1979, "18612347007", "北京小米科技有限责任公司", "总监"),
            ("童心", "女", "1993.06", "七星社区", "上海联影医疗科技股份有限公司工程师", "18912347008", "上海浦东",
             "421223100001", 1993, "18912347008", "上海联影医疗科技股份有限公司", "工程师"),
            ("黎明", "男", "1974.02", "七星村", "崇阳县七星村党支部书记", "13012347009", "本地",
             "421223100209", 1974, "13012347009", "崇阳县七星村", "党支部书记"),
        ],
    }
    for sheet, people in sheets.items():
        ws = wb.create_sheet(sheet)
        ws.merge_cells("A1:H1")
        ws["A1"] = f"天城镇{sheet}乡贤名册"
        for i, h in enumerate(head):
            ws.cell(2, i + 1, h)
        r = 3
        for i, p in enumerate(people):
            for col, v in enumerate([i + 1] + list(p[:7]), start=1):
                if v != "":
                    ws.cell(r, col, v)
            if p[7] is None:
                rows.append(skip(sheet, r, "out_of_scope"))
            else:
                rows.append({"sheet": sheet, "row": r, "name": p[0], "village": p[7], "birth_year": p[8],
                             "mobile": p[9], "employer": p[10], "title": p[11]})
            r += 1
        ws.cell(r, 1, "合计")
        ws.cell(r, 2, f"{len(people)}人")
        rows.append(skip(sheet, r, "total"))
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "1. 每村一个工作表；2. 籍贯填到村组；3. 电话填手机号。"
    rows.append(skip("填表说明", 0, "no_name_header"))
    wb.save(os.path.join(HERE, "c_tiancheng_per_village.xlsx"))
    write_truth("c_tiancheng_per_village", "421223100", "421223", rows)


# ---------------------------------------------------------------- D: 通山县厦铺镇, the county template
def sheet_d():
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.merge_cells("A1:K1")
    ws["A1"] = "通山县乡贤人才信息统计表（厦铺镇）"
    head = ["姓名", "性别", "出生日期", "县（市、区）", "乡镇（街道）", "村（社区）", "单位", "职务", "文化程度", "手机", "现居城市"]
    for i, h in enumerate(head):
        ws.cell(2, i + 1, h)
    d = datetime.datetime
    people = [
        ("成  刚", "男", d(1973, 4, 5), "通山县", "厦铺镇", "厦铺社区", "通山县厦铺镇卫生院", "院长", "大学本科", "13812348001", "本地",
         "421224103001", 1973, "13812348001", "通山县厦铺镇卫生院", "院长"),
        ("方卉", "女", d(1988, 10, 1), "通山县", "厦铺镇", "厦铺村", "武汉理工大学", "副教授", "博士研究生", "13912348002", "湖北武汉",
         "421224103200", 1988, "13912348002", "武汉理工大学", "副教授"),
        ("阮成", "男", d(1967, 2, 14), "通山", "厦铺", "桥口", "通山县桥口石材厂", "厂长", "初中", "13712348003", "本地",
         "421224103201", 1967, "13712348003", "通山县桥口石材厂", "厂长"),
        ("余波", "男", d(1980, 6, 6), "通山县", "厦铺镇", "双河村", "深圳市比亚迪股份有限公司", "高级工程师", "硕士研究生", "13612348004", "深圳南山",
         "421224103202", 1980, "13612348004", "深圳市比亚迪股份有限公司", "高级工程师"),
        ("乐乐", "女", d(1994, 12, 24), "通山县", "厦铺镇", "竹林村", "竹林村", "会计", "中专", "13512348005", "本地",
         "421224103203", 1994, "13512348005", "竹林村", "会计"),
        # the same person typed twice in the file
        ("余波", "男", d(1980, 6, 6), "通山县", "厦铺镇", "双河村", "深圳市比亚迪股份有限公司", "高级工程师", "硕士研究生", "13612348004", "深圳南山",
         None, None, None, None, None),
        ("郭　平", "男", d(1977, 3, 3), "通山县", "厦铺镇", "花纹村", "广东东莞华为终端有限公司", "经理", "大学本科", "13312348007", "东莞",
         "421224103204", 1977, "13312348007", "广东东莞华为终端有限公司", "经理"),
    ]
    rows = [skip("Sheet1", 1, "title")]
    r = 3
    for p in people:
        for col, v in enumerate(p[:11], start=1):
            c = ws.cell(r, col, v)
            if isinstance(v, datetime.datetime):
                c.number_format = "yyyy/m/d"
        if p[11] is None:
            rows.append(skip("Sheet1", r, "duplicate_in_file"))
        else:
            rows.append({"sheet": "Sheet1", "row": r, "name": p[0].replace(" ", "").replace("\u3000", ""),
                         "village": p[11], "birth_year": p[12], "mobile": p[13], "employer": p[14], "title": p[15]})
        r += 1
    ws.cell(r, 1, "填表人：")
    ws.cell(r, 4, "联系电话：")
    rows.append(skip("Sheet1", r, "footer"))
    wb.save(os.path.join(HERE, "d_xiapu_county_template.xlsx"))
    write_truth("d_xiapu_county_template", "421224103", "421224", rows)


# ---------------------------------------------------------------- E: 赤壁市赤壁镇, UTF-8 CSV with BOM
def sheet_e():
    lines = [
        ["赤壁镇乡贤联谊会会员名单"],
        ["填报单位：赤壁镇乡贤联谊会"],
        ["乡贤姓名", "出生年月", "籍贯", "现工作单位及职务", "联系方式", "现居住地", "学历"],
    ]
    people = [
        ("鲁智", "1975.08", "赤壁市赤壁镇东风村", "赤壁市蒲纺集团总经理", "手机：13812349001", "本地", "大学本科",
         "421281104200", 1975, "13812349001", "赤壁市蒲纺集团", "总经理"),
        ("诸葛明", "1983年11月", "赤壁镇周郎嘴村1组", "武汉烽火通信科技股份有限公司光模块事业部总监", "139 1234 9002", "武汉", "研究生",
         "421281104202", 1983, "13912349002", "武汉烽火通信科技股份有限公司光模块事业部", "总监"),
        ("黄盖", "1970.2", "小柏山村", "赤壁市黄盖湖镇人民政府副书记", "13712349003", "本地", "专科",
         "421281104203", 1970, "13712349003", "赤壁市黄盖湖镇人民政府", "副书记"),
        ("周瑜", "1986.05", "石头口社区", "深圳市立讯精密工业股份有限公司采购经理", "+86 136-1234-9004", "广东深圳", "大学本科",
         "421281104001", 1986, "13612349004", "深圳市立讯精密工业股份有限公司", "采购经理"),
        ("小乔", "1990.01", "赤壁镇太平口", "赤壁市第一中学教师", "13512349005", "本地", "大学本科",
         "421281104205", 1990, "13512349005", "赤壁市第一中学", "教师"),
        # same name and village as 周瑜, a different phone: a likely duplicate, still imported
        ("周 瑜", "1986.05", "石头口社区", "深圳市立讯精密工业股份有限公司采购经理", "13312349006", "广东深圳", "大学本科",
         "421281104001", 1986, "13312349006", "深圳市立讯精密工业股份有限公司", "采购经理"),
        # outside 咸宁 altogether
        ("孙权", "1978.03", "湖南省岳阳市平江县", "平江县某公司经理", "13012349007", "湖南岳阳", "高中",
         None, None, None, None, None),
    ]
    rows = [skip("", 1, "title"), skip("", 2, "title")]
    for p in people:
        lines.append(list(p[:7]))
        r = len(lines)
        if p[7] is None:
            rows.append(skip("", r, "out_of_scope"))
        else:
            rows.append({"sheet": "", "row": r, "name": p[0].replace(" ", ""), "village": p[7], "birth_year": p[8],
                         "mobile": p[9], "employer": p[10], "title": p[11]})
    lines.append(["合计：6人"])
    rows.append(skip("", len(lines), "total"))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(lines)
    with open(os.path.join(HERE, "e_chibi_utf8.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    write_truth("e_chibi_utf8", "421281104", "421281", rows)


if __name__ == "__main__":
    sheet_a()
    sheet_b()
    sheet_c()
    sheet_d()
    sheet_e()


def zip64_bomb():
    """A small .xlsx whose worksheet unpacks to 400 MB, written as zip64."""
    import zipfile
    path = os.path.join(HERE, "zip64_bomb.xlsx")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1024 * 1024)
            for _ in range(400):
                f.write(chunk)


if __name__ == "__main__":
    zip64_bomb()
