#!/usr/bin/env python3
"""Builds projects.json and people.json for the blind matching evaluation, then labels every
(project, person) pair by the rubric in ../rubric.md. Written by the blind labeller without any
knowledge of the system's scoring code. Deterministic (fixed seed)."""
import csv, json, random, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
DATA = "/work/main/src/region/data"  # CSV data files only
rng = random.Random(20261207)

areas = {r["code"]: r["name"] for r in csv.DictReader(open(f"{DATA}/areas.csv", encoding="utf-8"))}
streets = [r for r in csv.DictReader(open(f"{DATA}/streets.csv", encoding="utf-8"))]
villages = [r for r in csv.DictReader(open(f"{DATA}/villages.csv", encoding="utf-8"))]
street_name = {s["code"]: s["name"] for s in streets}
# only real townships (镇/乡/街道) for hometowns
towns = [s for s in streets if s["name"].endswith(("镇", "乡", "街道"))]
towns_by_county = {}
for s in towns:
    towns_by_county.setdefault(s["areaCode"], []).append(s)
vill_by_town = {}
for v in villages:
    vill_by_town.setdefault(v["streetCode"], []).append(v)
COUNTIES = ["421202", "421221", "421222", "421223", "421224", "421281"]
COUNTY_NAME = {"421202": "咸安区", "421221": "嘉鱼县", "421222": "通城县", "421223": "崇阳县",
               "421224": "通山县", "421281": "赤壁市"}

SEG_TOP = lambda s: s.split(".")[0]

# ---------------------------------------------------------------- projects
# strong = words naming the project's product; process = words naming a core process of it
PROJECTS = [
 dict(key="P01", title="无线充电接收端模组扩产项目", segment="terminal.components",
      description="在通城高新区建设无线充电接收端模组及线圈绕制、模组封装生产线，配套模切和石墨导热片工序，面向手机与可穿戴设备客户。",
      needs=["capital", "tech", "talent"], county_code="421222", park="通城高新区", investment_wan=30000,
      target_companies=["信维通信", "领益智造"], strong=["无线充电"], process=["线圈绕制", "模组封装", "模切"]),
 dict(key="P02", title="低压电器与继电器智能制造基地", segment="terminal.components",
      description="引进配电电器、继电器、断路器、开关电器生产企业，建设自动化装配与检测线。",
      needs=["capital", "market"], county_code="421221", park="嘉鱼电子信息产业园", investment_wan=20000,
      target_companies=["正泰电器", "良信电器"], strong=["继电器", "断路器", "低压电器", "配电电器"], process=["开关电器"]),
 dict(key="P03", title="LED外延片与芯片项目", segment="display.backlight",
      description="建设MOCVD外延生长和LED芯片制程线，为本地背光模组和照明企业提供高亮度、低成本芯片。",
      needs=["capital", "tech"], county_code="421281", park="赤壁高新区", investment_wan=50000,
      target_companies=["三安光电", "华灿光电"], strong=["外延", "LED芯片"], process=["MOCVD", "芯片制程"]),
 dict(key="P04", title="智能家居控制模块与智能开关项目", segment="terminal.smart_home",
      description="生产智能家电控制板、智能开关、空调智能控制模块，承接家电整机企业配套订单。",
      needs=["tech", "market"], county_code="421281", park="赤壁高新区", investment_wan=8000,
      target_companies=["海信集团", "欧科空调"], strong=["智能开关", "家电控制", "空调控制"], process=["控制板", "智能家居"]),
 dict(key="P05", title="TWS无线耳机整机组装项目", segment="terminal.devices",
      description="在崇阳县工业园区建设TWS无线耳机与智能穿戴整机组装测试线，需要整机厂订单和技工队伍。",
      needs=["capital", "talent", "market"], county_code="421223", park="崇阳县工业园区", investment_wan=6000,
      target_companies=["歌尔股份", "立讯精密"], strong=["耳机"], process=["整机组装", "智能穿戴"]),
 dict(key="P06", title="0.1mm超薄电子玻璃生产线", segment="display.lcd",
      description="建设超薄电子玻璃熔制、成型与ITO镀膜生产线，产品用于显示面板玻璃基板和触控盖板。",
      needs=["capital", "tech"], county_code="421202", park="咸宁高新区", investment_wan=100000,
      target_companies=["彩虹股份", "长信科技"], strong=["电子玻璃", "玻璃基板"], process=["ITO", "镀膜"]),
 dict(key="P07", title="TFT-LCD偏光片项目", segment="display.lcd",
      description="引进偏光片涂布、拉伸与贴合生产线，为华中地区面板厂配套。",
      needs=["capital", "tech", "supply"], county_code="421281", park="赤壁高新区", investment_wan=40000,
      target_companies=["三利谱", "盛波光电"], strong=["偏光片"], process=["光学膜", "涂布"]),
 dict(key="P08", title="车载液晶显示模组项目", segment="display.lcd",
      description="建设车载及工控液晶显示模组（COG/FOG贴合、背光组装、全贴合）产线，对接面板厂与车企。",
      needs=["tech", "talent", "market"], county_code="421222", park="通城高新区", investment_wan=15000,
      target_companies=["龙腾光电", "京东方"], strong=["液晶显示模组", "车载显示"], process=["COG", "全贴合", "模组"]),
 dict(key="P09", title="LED背光模组生产基地", segment="display.backlight",
      description="生产导光板、光学膜片与LED背光模组，配套SMT打件与检测分选。",
      needs=["tech", "supply"], county_code="421281", park="赤壁高新区", investment_wan=10000,
      target_companies=["三安光电", "华灿光电"], strong=["背光模组", "导光板"], process=["SMT", "检测分选", "LED封装"]),
 dict(key="P10", title="LED智能照明灯具项目", segment="display.lighting",
      description="在通山县建设LED灯丝灯、智能照明灯具和景观照明产品生产线。",
      needs=["capital", "talent", "market"], county_code="421224", park="通山县开发区", investment_wan=3000,
      target_companies=["木林森", "欧普照明"], strong=["照明", "灯具", "灯丝灯"], process=["LED封装"]),
 dict(key="P11", title="云母绝缘与石墨烯导热材料扩产", segment="materials.consumer",
      description="扩建云母绝缘材料线并新建石墨烯导热膜、导电导热复合材料线，服务新能源与消费电子客户。",
      needs=["capital", "tech"], county_code="421222", park="通城高新区", investment_wan=12000,
      target_companies=["鸿纳新材料", "维信诺"], strong=["云母", "石墨烯", "导热"], process=["绝缘材料", "涂布"]),
 dict(key="P12", title="8英寸硅片与外延片项目", segment="materials.consumer",
      description="建设8英寸抛光片、外延片生产线，远期布局300mm测试片。",
      needs=["capital", "tech"], county_code="421202", park="咸宁高新区", investment_wan=80000,
      target_companies=["新昇半导体", "金瑞泓"], strong=["硅片", "抛光片"], process=["外延", "晶体生长"]),
 dict(key="P13", title="光伏及显示盖板玻璃深加工项目", segment="materials.consumer",
      description="依托超白压延和浮法原片，建设光伏玻璃与触控盖板玻璃深加工线。",
      needs=["capital", "supply"], county_code="421281", park="赤壁高新区", investment_wan=60000,
      target_companies=["福莱特玻璃", "彩虹集团"], strong=["光伏玻璃", "盖板玻璃", "浮法玻璃"], process=["玻璃深加工"]),
 dict(key="P14", title="高能量硅碳负极材料项目", segment="materials.battery",
      description="在嘉鱼建设硅碳负极材料生产线，配套中试线，面向动力和数码锂电池客户。",
      needs=["capital", "tech", "talent"], county_code="421221", park="嘉鱼县经济开发区", investment_wan=25000,
      target_companies=["宁德时代", "贝特瑞"], strong=["负极"], process=["硅碳", "石墨化"]),
 dict(key="P15", title="锂电池电解液及添加剂项目", segment="materials.battery",
      description="建设新型电解液及锂盐、添加剂生产线，配套高功率电池客户。",
      needs=["tech", "supply"], county_code="421223", park="崇阳县工业园区", investment_wan=9000,
      target_companies=["天赐材料", "新宙邦"], strong=["电解液"], process=["锂盐", "添加剂"]),
 dict(key="P16", title="特种光纤与光缆项目", segment="optical.fiber",
      description="在通城建设特种光纤拉丝、光缆成缆线，攻关预制棒与紫外固化涂料。",
      needs=["capital", "tech"], county_code="421222", park="通城高新区", investment_wan=35000,
      target_companies=["烽火通信", "亨通光电"], strong=["光纤", "光缆", "预制棒"], process=["拉丝", "紫外固化"]),
 dict(key="P17", title="光纤跳线与光分路器加工项目", segment="optical.components",
      description="小型光无源器件加工厂：光纤跳线、MPO跳线、光分路器、适配器，需订单与熟练工。",
      needs=["talent", "market", "supply"], county_code="421224", park="通山县开发区", investment_wan=2000,
      target_companies=["博创科技", "铭普光磁"], strong=["跳线", "光分路器", "无源器件"], process=["适配器", "连接器"]),
 dict(key="P18", title="100G光模块封装测试项目", segment="optical.components",
      description="建设SFP+/QSFP+/100G光模块封装、耦合与测试产线。",
      needs=["capital", "tech"], county_code="421202", park="咸宁高新区", investment_wan=20000,
      target_companies=["博创科技", "恒宝通"], strong=["光模块"], process=["光芯片", "耦合"]),
 dict(key="P19", title="智慧安防视频监控终端项目", segment="software.security",
      description="生产网络摄像机、门禁与智能锁，并提供人脸识别安防集成方案。",
      needs=["tech", "market"], county_code="421202", park="咸宁高新区", investment_wan=5000,
      target_companies=["海康威视", "旷视科技"], strong=["视频监控", "安防", "人脸识别"], process=["门禁", "智能锁"]),
 dict(key="P20", title="县域农业物联网平台项目", segment="software.iot",
      description="建设面向茶叶、楠竹种植的物联网感知与云平台，招引团队运营。",
      needs=["talent", "tech"], county_code="421223", park="", investment_wan=1500,
      target_companies=["海尔智家", "神州数码"], strong=["物联网"], process=["传感网", "云平台"]),
 dict(key="P21", title="电子制造MES工业软件研发中心", segment="software.industrial",
      description="为本地电子企业开发MES、设备联网与嵌入式控制软件。",
      needs=["tech", "talent"], county_code="421281", park="赤壁高新区", investment_wan=3000,
      target_companies=["中控技术", "海尔卡奥斯"], strong=["MES", "工业软件"], process=["DCS", "PLC", "嵌入式"]),
 dict(key="P22", title="5G+工业互联网平台与机器视觉检测", segment="software.iiot",
      description="搭建电子信息产业工业互联网平台，提供机器视觉质检、RFID追溯与设备上云服务。",
      needs=["tech", "market"], county_code="421221", park="嘉鱼电子信息产业园", investment_wan=4000,
      target_companies=["海尔卡奥斯", "中控技术"], strong=["工业互联网", "机器视觉"], process=["RFID", "边缘计算"]),
 dict(key="P23", title="智能快件箱生产线", segment="terminal.devices",
      description="在嘉鱼建设智能快件箱、智能储物柜钣金与控制系统生产线。",
      needs=["capital", "supply"], county_code="421221", park="嘉鱼县经济开发区", investment_wan=5000,
      target_companies=["智莱科技", "丰巢"], strong=["快件箱", "智能柜"], process=["钣金"]),
 dict(key="P24", title="光电摄像模组数字化智能生产项目", segment="terminal.components",
      description="通城县光电摄像模组数字化智能生产线（8.2亿元），摄像模组AA制程、镜头组装。",
      needs=["capital", "tech"], county_code="421222", park="通城高新区", investment_wan=82000,
      target_companies=["舜宇光学", "欧菲光"], strong=["摄像模组", "影像模组"], process=["AA制程", "镜头"]),
 dict(key="P25", title="通山智能终端配套件代工厂", segment="terminal.components",
      description="为咸宁高新区无线充电和声学器件企业提供注塑、冲压、连接器配套代工，需要订单和返乡创业团队。",
      needs=["talent", "market"], county_code="421224", park="通山县开发区", investment_wan=1200,
      target_companies=["瀛通通讯", "立讯精密"], strong=["连接器", "声学器件"], process=["冲压", "注塑"]),
]

# ---------------------------------------------------------------- companies per segment
# (short name, full name, residence code)
COMP = {
 "terminal.components": [("信维通信", "深圳市信维通信股份有限公司", "440305"), ("领益智造", "广东领益智造股份有限公司", "441900"),
    ("立讯精密", "立讯精密工业股份有限公司", "441900"), ("正泰电器", "浙江正泰电器股份有限公司", "330382"),
    ("良信电器", "上海良信电器股份有限公司", "310115"), ("三赢兴", "湖北三赢兴光电科技股份有限公司", "421202"),
    ("舜宇光学", "舜宇光学科技(集团)有限公司", "330281"), ("欧菲光", "欧菲光集团股份有限公司", "440306"),
    ("瀛新精密", "咸宁瀛新精密电子有限公司", "421202"), ("瀛通通讯", "瀛通通讯股份有限公司", "421222")],
 "terminal.smart_home": [("海信集团", "海信集团控股股份有限公司", "370212"), ("欧科空调", "广东欧科空调制冷有限公司", "440606"),
    ("美的集团", "美的集团股份有限公司", "440606"), ("格力电器", "珠海格力电器股份有限公司", "440402"),
    ("小米", "小米科技有限责任公司", "110108"), ("TCL", "TCL科技集团股份有限公司", "441302")],
 "terminal.devices": [("歌尔股份", "歌尔股份有限公司", "370705"), ("立讯精密", "立讯精密工业股份有限公司", "441900"),
    ("华为", "华为技术有限公司", "440307"), ("小米", "小米科技有限责任公司", "110108"),
    ("智莱科技", "深圳市智莱科技股份有限公司", "440307"), ("丰巢", "深圳市丰巢科技有限公司", "440305"),
    ("泓硕电子", "咸宁泓硕电子科技有限公司", "421202")],
 "display.lcd": [("京东方", "京东方科技集团股份有限公司", "110105"), ("华星光电", "武汉华星光电技术有限公司", "420111"),
    ("天马微电子", "武汉天马微电子有限公司", "420111"), ("彩虹股份", "彩虹显示器件股份有限公司", "610402"),
    ("长信科技", "芜湖长信科技股份有限公司", "340207"), ("三利谱", "深圳市三利谱光电科技股份有限公司", "440306"),
    ("盛波光电", "深圳市盛波光电科技有限公司", "440310"), ("龙腾光电", "昆山龙腾光电股份有限公司", "320583"),
    ("咸宁南玻", "咸宁南玻光电玻璃有限公司", "421202"), ("维达力", "湖北维达力实业有限公司", "421202")],
 "display.backlight": [("三安光电", "三安光电股份有限公司", "350206"), ("华灿光电", "华灿光电股份有限公司", "420111"),
    ("乾照光电", "厦门乾照光电股份有限公司", "350206"), ("湘能华磊", "湘能华磊光电股份有限公司", "431003"),
    ("聚飞光电", "深圳市聚飞光电股份有限公司", "440307"), ("赤壁高投", "赤壁高投科技有限公司", "421281")],
 "display.lighting": [("木林森", "木林森股份有限公司", "442000"), ("欧普照明", "欧普照明股份有限公司", "310115"),
    ("雷士照明", "雷士照明控股有限公司", "441302"), ("佛山照明", "佛山电器照明股份有限公司", "440604")],
 "materials.consumer": [("平安电工", "湖北平安电工科技股份公司", "421222"), ("中天云母", "湖北中天云母制品有限公司", "421222"),
    ("同力玻纤", "湖北同力玻纤材料有限公司", "421281"), ("新昇半导体", "上海新昇半导体科技有限公司", "310115"),
    ("金瑞泓", "浙江金瑞泓科技股份有限公司", "330206"), ("福莱特玻璃", "福莱特玻璃集团股份有限公司", "330402"),
    ("彩虹集团", "彩虹集团有限公司", "610402"), ("鸿纳新材料", "鸿纳(东莞)新材料科技有限公司", "441900"),
    ("维信诺", "维信诺科技股份有限公司", "320583")],
 "materials.battery": [("宁德时代", "宁德时代新能源科技股份有限公司", "350902"), ("贝特瑞", "贝特瑞新材料集团股份有限公司", "440309"),
    ("天赐材料", "广州天赐高新材料股份有限公司", "440112"), ("新宙邦", "深圳新宙邦科技股份有限公司", "440310"),
    ("欣旺达", "欣旺达电子股份有限公司", "440306"), ("亿纬锂能", "惠州亿纬锂能股份有限公司", "441302")],
 "optical.fiber": [("烽火通信", "烽火通信科技股份有限公司", "420111"), ("长飞光纤", "长飞光纤光缆股份有限公司", "420111"),
    ("亨通光电", "江苏亨通光电股份有限公司", "320509"), ("住友电工", "住友电工光纤光缆(深圳)有限公司", "440306")],
 "optical.components": [("博创科技", "博创科技股份有限公司", "330402"), ("铭普光磁", "东莞铭普光磁股份有限公司", "441900"),
    ("恒宝通", "深圳市恒宝通光电子股份有限公司", "440305"), ("联创电子", "联创电子科技股份有限公司", "360103"),
    ("光迅科技", "武汉光迅科技股份有限公司", "420111"), ("华工正源", "武汉华工正源光子技术有限公司", "420111"),
    ("新易盛", "成都新易盛通信技术股份有限公司", "510107")],
 "software.security": [("海康威视", "杭州海康威视数字技术股份有限公司", "330108"), ("旷视科技", "北京旷视科技有限公司", "110108"),
    ("大华股份", "浙江大华技术股份有限公司", "330108"), ("宇视科技", "浙江宇视科技有限公司", "330108")],
 "software.iot": [("海尔智家", "海尔智家股份有限公司", "370212"), ("神州数码", "神州数码控股有限公司", "110108"),
    ("涂鸦智能", "杭州涂鸦信息技术有限公司", "330106"), ("方片互动", "咸宁方片互动网络有限公司", "421202"),
    ("必虎网络", "咸宁必虎网络科技有限公司", "421202")],
 "software.industrial": [("中控技术", "浙江中控技术股份有限公司", "330108"), ("海尔卡奥斯", "卡奥斯物联科技股份有限公司", "370212"),
    ("用友网络", "用友网络科技股份有限公司", "110108"), ("华中数控", "武汉华中数控股份有限公司", "420111"),
    ("即兴软件", "咸宁即兴计算机软件有限公司", "421202")],
 "software.iiot": [("海尔卡奥斯", "卡奥斯物联科技股份有限公司", "370212"), ("中控技术", "浙江中控技术股份有限公司", "330108"),
    ("树根互联", "树根互联股份有限公司", "440112"), ("华为", "华为技术有限公司", "440307"),
    ("精测电子", "武汉精测电子集团股份有限公司", "420111")],
}

# expertise phrases per segment: senior (product-level) and junior (operation-level)
EXP = {
 "terminal.components": (["无线充电接收端模组设计与线圈绕制", "无线充电模组封装与贴合工艺", "低压电器、继电器与断路器研发",
    "配电电器与开关电器结构设计", "摄像模组AA制程与镜头组装", "声学器件与连接器精密冲压", "电容电阻等被动元件工艺", "天线模组与射频屏蔽件设计"],
    ["无线充电线圈绕线设备操作", "继电器装配与检测", "摄像模组产线点胶与检测", "连接器注塑与冲压", "SMT贴片与AOI检测"]),
 "terminal.smart_home": (["智能家电控制板与变频空调控制", "智能开关与照明控制面板设计", "智能音视频产品开发", "家电语音交互与智能家居系统"],
    ["家电控制板测试", "智能开关装配", "家电售后维修"]),
 "terminal.devices": (["TWS无线耳机声学与整机设计", "智能手表与智能穿戴整机研发", "智能快件箱结构与控制系统", "手机整机制造工艺", "车载智能终端开发"],
    ["耳机整机组装与测试", "智能柜钣金与装配", "手机整机产线工艺", "智能穿戴产品测试"]),
 "display.lcd": (["超薄电子玻璃熔制与成型", "ITO导电玻璃镀膜", "偏光片涂布与贴合", "TFT-LCD阵列与成盒工艺",
    "车载液晶显示模组设计", "液晶显示模组COG/FOG贴合与全贴合", "柔性OLED面板工艺"],
    ["液晶模组贴合产线操作", "玻璃切割与磨边", "偏光片贴附设备维护", "面板检测与修复"]),
 "display.backlight": (["LED外延片MOCVD生长", "LED芯片制程与光电性能", "LED封装与固晶工艺", "背光模组导光板与光学膜片设计", "Mini LED背光模组开发"],
    ["背光模组SMT与检测分选", "LED封装产线操作", "导光板注塑"]),
 "display.lighting": (["LED照明灯具光学与散热设计", "LED灯丝灯与球泡灯开发", "智能照明控制系统", "景观照明工程设计"],
    ["灯具装配与老化测试", "照明工程施工"]),
 "materials.consumer": (["云母绝缘材料配方与工艺", "石墨烯导热膜研发", "导电导热复合材料", "8英寸硅片抛光与清洗", "硅外延与晶体生长",
    "光伏玻璃与浮法玻璃工艺", "触控盖板玻璃深加工", "电子玻纤布与覆铜板", "电子铜箔与引线框架"],
    ["云母纸生产线操作", "硅片清洗与检测", "玻璃钢化与镀膜线操作", "覆铜板压合"]),
 "materials.battery": (["硅碳负极材料研发", "人造石墨负极与石墨化工艺", "锂电池电解液配方", "新型锂盐与电解液添加剂", "锂电池隔膜涂覆", "三元正极材料"],
    ["负极材料产线操作", "电解液灌装与质检", "电芯装配"]),
 "optical.fiber": (["光纤预制棒制造", "特种光纤设计与拉丝", "光缆结构设计与成缆", "光纤紫外固化涂料"],
    ["光纤拉丝设备操作", "光缆护套挤出"]),
 "optical.components": (["光纤跳线与光分路器工艺", "光纤连接器与适配器设计", "100G光模块封装与耦合", "光芯片设计", "波分复用器件", "光学变焦模组与激光雷达光学"],
    ["光纤跳线研磨与测试", "光模块耦合测试", "光分路器封装"]),
 "software.security": (["视频监控前端与网络摄像机研发", "人脸识别算法", "门禁与智能锁系统", "安防系统集成"],
    ["安防设备安装调试", "视频平台运维"]),
 "software.iot": (["物联网平台架构", "农业物联网与传感网", "智能家居云平台", "物联网通信模组与边缘网关"],
    ["物联网设备调试", "云平台运维"]),
 "software.industrial": (["MES制造执行系统", "DCS/PLC控制系统", "工业嵌入式软件", "数字化设计与仿真工业软件", "ERP实施"],
    ["MES实施与运维", "PLC编程调试"]),
 "software.iiot": (["工业互联网平台架构", "机器视觉检测", "RFID与产品追溯", "边缘计算与设备上云"],
    ["机器视觉项目实施", "设备联网调试"]),
}

SEGPROD = {
 "terminal.components": ["无线充电模组", "继电器与低压电器", "摄像模组", "连接器与声学器件"],
 "terminal.smart_home": ["智能家电控制板", "智能开关", "智能音箱"],
 "terminal.devices": ["TWS耳机", "智能手表", "智能快件箱"],
 "display.lcd": ["液晶显示模组", "电子玻璃", "偏光片"],
 "display.backlight": ["LED芯片", "背光模组", "LED封装"],
 "display.lighting": ["LED照明灯具", "LED灯丝灯"],
 "materials.consumer": ["云母绝缘材料", "石墨烯导热膜", "硅片", "光伏玻璃", "覆铜板"],
 "materials.battery": ["负极材料", "电解液", "隔膜"],
 "optical.fiber": ["光纤", "光缆"],
 "optical.components": ["光模块", "光纤跳线", "光分路器"],
 "software.security": ["视频监控", "人脸识别", "智能门锁"],
 "software.iot": ["物联网平台", "物联网模组"],
 "software.industrial": ["MES", "DCS控制系统", "工业软件"],
 "software.iiot": ["工业互联网平台", "机器视觉"],
}
SEGNAME = {"terminal": "智能终端", "display": "新型显示", "materials": "电子材料", "optical": "光通信", "software": "软件和信息服务"}

COMP_KW = {
 "信维通信": ["无线充电", "天线"], "领益智造": ["无线充电", "SMT"], "立讯精密": ["连接器", "声学", "耳机", "手机"],
 "正泰电器": ["继电器", "配电"], "良信电器": ["继电器", "配电"], "三赢兴": ["摄像"], "舜宇光学": ["摄像"], "欧菲光": ["摄像", "SMT"],
 "瀛新精密": ["连接器", "被动元件"], "瀛通通讯": ["声学", "连接器"],
 "海信集团": ["控制板", "音视频"], "欧科空调": ["空调", "控制板"], "美的集团": ["控制板", "语音"], "格力电器": ["空调", "控制板"],
 "小米": ["开关", "语音", "手机", "穿戴", "手表"], "TCL": ["音视频", "售后"],
 "歌尔股份": ["耳机", "穿戴", "手表"], "华为": ["穿戴", "手表", "手机", "车载", "边缘", "平台", "RFID", "视觉", "设备联网"],
 "智莱科技": ["快件箱", "智能柜"], "丰巢": ["快件箱", "智能柜"], "泓硕电子": ["耳机", "穿戴"],
 "京东方": ["TFT", "OLED", "车载", "面板"], "华星光电": ["TFT", "模组", "面板"], "天马微电子": ["车载", "模组", "OLED"],
 "彩虹股份": ["电子玻璃", "玻璃"], "长信科技": ["ITO", "模组"], "三利谱": ["偏光片"], "盛波光电": ["偏光片"],
 "龙腾光电": ["TFT", "车载", "模组"], "咸宁南玻": ["电子玻璃", "ITO", "玻璃"], "维达力": ["电子玻璃", "玻璃", "ITO"],
 "三安光电": ["外延", "芯片", "封装"], "乾照光电": ["外延", "芯片"], "华灿光电": ["外延", "芯片"], "湘能华磊": ["外延", "芯片", "封装"],
 "聚飞光电": ["封装", "背光", "Mini"], "赤壁高投": ["背光", "导光板", "SMT"],
 "平安电工": ["云母"], "中天云母": ["云母"], "同力玻纤": ["玻纤", "覆铜板"], "新昇半导体": ["硅片", "外延"], "金瑞泓": ["硅片", "外延"],
 "福莱特玻璃": ["光伏玻璃", "盖板", "玻璃"], "彩虹集团": ["光伏玻璃", "盖板", "玻璃"], "鸿纳新材料": ["石墨烯", "导电导热"],
 "维信诺": ["导电导热", "盖板"],
 "贝特瑞": ["负极"], "天赐材料": ["电解液", "锂盐"], "新宙邦": ["电解液", "锂盐"], "欣旺达": ["隔膜", "电芯"], "亿纬锂能": ["正极", "隔膜", "电芯"],
 "博创科技": ["分路器", "波分", "光模块", "跳线"], "铭普光磁": ["光模块", "连接器", "跳线"], "恒宝通": ["光模块"],
 "联创电子": ["光学变焦"], "光迅科技": ["光芯片", "光模块", "波分"], "华工正源": ["光模块"], "新易盛": ["光模块"],
 "海康威视": ["视频监控", "门禁", "集成", "安装", "视频平台"], "大华股份": ["视频监控", "门禁", "集成", "安装", "视频平台"],
 "宇视科技": ["视频监控", "集成", "安装", "视频平台"], "旷视科技": ["人脸", "视频平台"],
 "海尔智家": ["智能家居", "模组", "调试"], "神州数码": ["平台", "运维"], "涂鸦智能": ["智能家居", "模组", "调试"],
 "方片互动": ["平台", "运维"], "必虎网络": ["农业", "平台", "调试"],
 "中控技术": ["DCS", "PLC", "边缘", "设备联网"], "海尔卡奥斯": ["MES", "平台", "机器视觉", "设备联网"], "用友网络": ["ERP", "MES"],
 "华中数控": ["嵌入式", "PLC"], "即兴软件": ["MES", "ERP"], "树根互联": ["平台", "边缘", "设备联网"],
 "精测电子": ["视觉", "检测"],
}

def by_company(phrases, comp):
    kws = COMP_KW.get(comp, [])
    f = [x for x in phrases if any(k in x for k in kws)]
    return rng.choice(f or phrases)

SENIOR_TECH = ["总工程师", "CTO", "研发总监", "技术总监", "高级工程师", "首席科学家", "Senior Engineer", "R&D Director", "工艺总监", "研究院院长"]
EXEC = ["总经理", "副总经理", "董事长", "VP", "副总裁", "General Manager", "事业部总经理"]
COMMERCIAL = ["销售总监", "采购总监", "市场总监", "供应链经理", "大客户经理", "Sales Director"]
JUNIOR = ["工程师", "工程师", "技术员", "车间工人", "助理工程师", "Engineer", "Technician", "产线班长"]
UNRELATED = ["人力资源总监", "财务经理", "行政主管", "法务经理", "HR Manager"]

SURN = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
MALE = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志文博海东晨亮成松")
FEMALE = list("芳娜敏静丽艳娟霞秀玲桂英慧莹雪琳晶燕倩婷颖红梅兰萍琴云佳欣")
used_names = set()

def name(g):
    while True:
        s = rng.choice(SURN)
        pool = MALE if g == "male" else FEMALE
        n = s + "".join(rng.choice(pool) for _ in range(rng.choice([1, 2, 2])))
        if n not in used_names:
            used_names.add(n); return n

def hometown(county=None):
    county = county or rng.choice(COUNTIES)
    t = rng.choice(towns_by_county[county])
    if rng.random() < 0.75 and vill_by_town.get(t["code"]):
        v = rng.choice(vill_by_town[t["code"]])
        vn = v["name"].replace("村村民委员会", "村").replace("村村委会", "村").replace("村民委员会", "村").replace("村委会", "村").replace("社区居民委员会", "社区").replace("居民委员会", "社区").replace("居委会", "社区")
        return v["code"], t["name"] + vn
    return t["code"], t["name"]

people = []
meta = {}  # internal attributes used for labelling (kept out of people.json)

def add(kind, seg, comp, title, cls, exp, intents, cap, edu, tier, bio_core, chains=None, county=None, byear=None,
        residence=None, consent=True, listed=True):
    g = "female" if rng.random() < 0.28 else "male"
    key = f"H{len(people)+1:03d}"
    hc, hname = hometown(county)
    by = byear or {"senior": rng.randint(1965, 1986), "exec": rng.randint(1960, 1983), "commercial": rng.randint(1975, 1990),
                   "junior": rng.randint(1988, 2001), "student": rng.randint(1999, 2004), "other": rng.randint(1962, 1992),
                   "investor": rng.randint(1965, 1988), "donor": rng.randint(1955, 1975), "exec_small": rng.randint(1972, 1992)}[cls]
    res = residence or (comp[2] if comp else rng.choice(["420106", "420111", "440305", "310115", "110108"]))
    import re
    maxy = max(2, 2026 - by - 22)
    bio_core = re.sub(r"(\d+)年。", lambda mm: f"{min(int(mm.group(1)), maxy)}年。", bio_core, count=1)
    p = dict(key=key, name=name(g), gender=g, birth_year=by, hometown_code=hc, residence_code=res,
             employer=comp[1] if comp else "", title=title, education=edu,
             chains=chains if chains is not None else ([seg] if seg else []), expertise=exp,
             bio=f"{COUNTY_NAME[hc[:6]]}{hname}人，{bio_core}", intents=intents, capital_range=cap, tier=tier,
             consent_match=consent, listed=listed, verified=rng.random() < 0.6)
    people.append(p)
    meta[key] = dict(kind=kind, cls=cls, seg=seg, comp=comp[0] if comp else None)
    return p

def pick_intents(cls):
    opts = {
     "senior": [["tech"], ["tech", "advisor"], ["advisor"], ["introduce"], ["tech", "introduce"], ["donate"], ["tech"], ["advisor", "introduce"], ["startup", "tech"], []],
     "exec": [["invest", "introduce"], ["invest"], ["introduce"], ["invest", "startup"], ["advisor", "introduce"], ["donate"], ["invest", "donate"]],
     "commercial": [["introduce"], ["introduce"], ["introduce", "invest"], ["startup"], ["donate"]],
     "junior": [["startup"], ["tech"], ["introduce"], [], ["startup", "tech"], ["donate"], ["tech"]],
    }[cls]
    return list(rng.choice(opts))

def pick_cap(cls, intents):
    if cls == "junior": return rng.choice(["none", "none", "under_1m"])
    if cls == "senior": return rng.choice(["under_1m", "1m_5m", "1m_5m", "5m_20m", "none"])
    if cls == "commercial": return rng.choice(["under_1m", "1m_5m", "5m_20m"])
    if cls == "exec": return rng.choice(["5m_20m", "20m_100m", "20m_100m", "over_100m", "1m_5m"])

EDU = {"senior": ["doctorate", "master", "master", "bachelor"], "exec": ["master", "bachelor", "bachelor", "college"],
       "commercial": ["bachelor", "college", "master"], "junior": ["college", "secondary", "bachelor", "college"]}
CITY = {"44": "广东", "11": "北京", "31": "上海", "33": "浙江", "42": "湖北", "35": "福建", "32": "江苏", "37": "山东",
        "61": "陕西", "34": "安徽", "43": "湖南", "36": "江西", "51": "四川", "41": "河南", "50": "重庆"}

def intent_sentence(intents):
    parts = {"invest": "有意回乡投资", "startup": "考虑返乡创业", "tech": "愿意为家乡企业提供技术合作", "advisor": "可担任咨询顾问",
             "donate": "多年来捐资助学", "introduce": "愿意引荐行业资源"}
    return "，".join(parts[i] for i in intents) + "。" if intents else "暂未表达回乡意向。"

# 1) trade people: per segment, a mix of classes
for seg, comps in COMP.items():
    sen, jun = EXP[seg]
    n = 15 if seg in ("terminal.components", "display.lcd", "materials.consumer") else 11
    classes = ["senior"] * 5 + ["exec"] * 2 + ["commercial"] * 2 + ["junior"] * 4
    if n == 11: classes = ["senior"] * 4 + ["exec"] * 2 + ["commercial"] * 1 + ["junior"] * 4
    for i in range(n):
        cls = classes[i % len(classes)]
        comp = comps[i % len(comps)] if i < len(comps) else rng.choice(comps)
        title = rng.choice({"senior": SENIOR_TECH, "exec": EXEC, "commercial": COMMERCIAL, "junior": JUNIOR}[cls])
        if cls in ("senior", "exec"):
            exp = by_company(sen, comp[0])
        elif cls == "commercial":
            exp = by_company(SEGPROD[seg], comp[0]) + "产品销售与客户开发" if "销售" in title or "市场" in title or "Sales" in title or "客户" in title else by_company(SEGPROD[seg], comp[0]) + "原材料采购与供应链管理"
        else:
            exp = by_company(jun, comp[0])
        intents = pick_intents(cls)
        cap = pick_cap(cls, intents)
        county = comp[2] if comp[2].startswith("4212") and rng.random() < 0.7 else None
        yrs = rng.randint(3, 8) if cls == "junior" else rng.randint(10, 25)
        core = f"在{CITY.get(comp[2][:2], '')}{comp[0]}任{title}，从事{exp}{yrs}年。" + intent_sentence(intents)
        tier = "renowned" if cls == "exec" and cap == "over_100m" else ("key" if cls in ("senior", "exec") and rng.random() < 0.5 else "normal")
        add("trade", seg, comp, title, cls, exp, intents, cap, rng.choice(EDU[cls]), tier, core, county=county)

# 2) investors of the trade
INV_FIRMS = [("深创投", "深圳市创新投资集团有限公司", "440304"), ("达晨创投", "深圳市达晨创业投资有限公司", "440304"),
             ("光谷创投", "武汉光谷创业投资基金有限公司", "420111"), ("湖北高投", "湖北省高新产业投资集团有限公司", "420106"),
             ("元禾控股", "苏州元禾控股股份有限公司", "320506"), ("长江产业基金", "湖北长江产业投资基金管理有限公司", "420106"),
             ("个人投资", "自由投资人", "440305"), ("东莞某电子厂", "东莞市鑫达电子有限公司", "441900"),
             ("深圳某电子厂", "深圳市宏鑫精密电子有限公司", "440306"), ("苏州某模组厂", "苏州华显光电科技有限公司", "320506")]
segs = list(COMP.keys())
for i in range(36):
    firm = INV_FIRMS[i % len(INV_FIRMS)]
    nseg = rng.choice([1, 1, 2])
    ch = rng.sample(segs, nseg)
    cap = rng.choice(["1m_5m", "5m_20m", "5m_20m", "20m_100m", "20m_100m", "over_100m", "under_1m"])
    if firm[0] in ("东莞某电子厂", "深圳某电子厂", "苏州某模组厂"):
        title = rng.choice(["董事长", "总经理", "创始人"]); intents = rng.choice([["invest", "startup"], ["invest"], ["invest", "introduce"]])
        cap = rng.choice(["1m_5m", "5m_20m", "5m_20m", "20m_100m"])
        ch = ch[:1]
        exp = rng.choice(SEGPROD[ch[0]]) + "代工制造与企业经营"
        core = f"在外创办电子企业，主营{exp}，{intent_sentence(intents)}"
    elif firm[0] == "个人投资":
        title = "天使投资人"; intents = rng.choice([["invest"], ["invest", "advisor"]])
        exp = "关注" + "、".join(rng.choice(SEGPROD[c]) for c in ch) + "等早期项目投资"
        core = f"曾在电子行业创业并退出，现为天使投资人，{exp}。" + intent_sentence(intents)
    else:
        title = rng.choice(["投资合伙人", "执行董事", "投资总监", "Managing Partner", "基金经理"])
        intents = rng.choice([["invest"], ["invest", "advisor"], ["invest", "introduce"], ["advisor"]])
        exp = "、".join(dict.fromkeys(SEGNAME[SEG_TOP(c)] for c in ch)) + "领域股权投资，重点看" + "、".join(rng.choice(SEGPROD[c]) for c in ch)
        core = f"在{firm[0]}负责{exp}。" + intent_sentence(intents)
    add("investor", None, firm, title, "investor", exp, intents, cap, rng.choice(["master", "bachelor", "doctorate"]),
        rng.choice(["key", "renowned", "normal"]), core, chains=ch)

# 3) investors/entrepreneurs from other trades (wrong trade, real money)
OTHER = [("房地产", "武汉联投置业有限公司", "420106", "董事长", "房地产开发与商业运营"),
         ("医药", "湖北人福医药集团股份有限公司", "420111", "研发总监", "创新药研发与临床注册"),
         ("银行", "中国建设银行咸宁分行", "421202", "行长", "公司信贷与普惠金融"),
         ("餐饮", "武汉小蓝鲸餐饮有限公司", "420106", "创始人", "连锁餐饮经营"),
         ("茶叶", "赤壁羊楼洞茶业股份有限公司", "421281", "总经理", "青砖茶生产与品牌营销"),
         ("建筑", "中建三局第一建设工程有限责任公司", "420103", "项目总经理", "大型厂房与洁净室施工管理"),
         ("物流", "顺丰速运(武汉)有限公司", "420111", "区域总经理", "快递网络与仓储物流"),
         ("教育", "华中师范大学", "420111", "教授", "教育心理学"),
         ("律所", "湖北得伟君尚律师事务所", "420106", "合伙人律师", "公司并购与知识产权诉讼"),
         ("服装", "汉正街某服装公司", "420104", "总经理", "服装批发与电商"),
         ("汽车", "东风汽车集团有限公司", "420113", "高级工程师", "汽车底盘与整车制造工艺"),
         ("化工", "湖北兴发化工集团股份有限公司", "420106", "技术总监", "精细磷化工与草甘膦生产工艺"),
         ("农业", "崇阳县楠竹专业合作社", "421223", "理事长", "楠竹种植与竹制品加工"),
         ("医院", "华中科技大学同济医学院附属协和医院", "420103", "主任医师", "心血管介入治疗"),
         ("AI金融", "蚂蚁科技集团股份有限公司", "330106", "高级算法专家", "金融风控大模型与推荐系统")]
for i in range(32):
    o = OTHER[i % len(OTHER)]
    if o[3] in ("董事长", "总经理", "创始人", "行长", "项目总经理", "区域总经理", "理事长"):
        intents = rng.choice([["invest"], ["invest", "introduce"], ["invest", "donate"], ["donate"], ["introduce"]])
        cap = rng.choice(["5m_20m", "20m_100m", "over_100m", "1m_5m"]); cls = "other_exec"
    else:
        intents = rng.choice([["tech"], ["advisor"], ["tech", "advisor"], ["invest"], ["donate"]])
        cap = rng.choice(["under_1m", "1m_5m", "none"]); cls = "other_expert"
    core = f"在{o[1]}任{o[3]}，长期从事{o[4]}，业内口碑好。" + intent_sentence(intents)
    add("other", None, (o[0], o[1], o[2]), o[3], "other", o[4], intents, cap, rng.choice(["master", "bachelor", "doctorate"]),
        rng.choice(["normal", "key"]), core, chains=[])
    meta[people[-1]["key"]]["cls"] = cls

# 4) donors: big capital, donate only, some in the trade
for i in range(14):
    seg = rng.choice(segs)
    comp = rng.choice(COMP[seg])
    title = rng.choice(["董事长", "创始人", "名誉董事长", "Chairman"])
    core = f"{comp[0]}创始团队成员，现任{title}，{intent_sentence(['donate'])[:-1]}，在家乡设立奖学金。"
    add("donor", seg, comp, title, "donor", rng.choice(SEGPROD[seg]) + "企业经营", ["donate"], rng.choice(["over_100m", "20m_100m"]),
        rng.choice(["bachelor", "master", "college"]), "renowned", core)

# 5) target-company employees in unrelated roles
for i in range(20):
    seg = rng.choice(segs)
    comp = rng.choice(COMP[seg])
    title = rng.choice(UNRELATED)
    intents = rng.choice([["introduce"], ["introduce"], ["donate"], ["invest"], []])
    exp = {"人力资源总监": "招聘与组织发展", "HR Manager": "校园招聘与薪酬", "财务经理": "财务核算与税务筹划",
           "行政主管": "行政后勤与园区管理", "法务经理": "合同审核与合规"}[title]
    core = f"在{comp[0]}任{title}，负责{exp}。" + intent_sentence(intents)
    add("unrelated", seg, comp, title, "other", exp, intents, rng.choice(["none", "under_1m", "1m_5m"]),
        rng.choice(["bachelor", "master"]), "normal", core, chains=[])
    meta[people[-1]["key"]]["cls"] = "unrelated"

# 6) students and young graduates
UNIS = [("华中科技大学", "420111"), ("武汉理工大学", "420111"), ("武汉大学", "420106"), ("湖北科技学院", "421202"), ("咸宁职业技术学院", "421202")]
for i in range(18):
    seg = rng.choice(segs)
    u = rng.choice(UNIS)
    title = rng.choice(["研究生", "博士研究生", "学生", "本科生", "PhD student"]) if u[0] in ("华中科技大学", "武汉理工大学", "武汉大学") else rng.choice(["学生", "本科生", "实习生"])
    intents = rng.choice([["startup"], ["tech"], ["startup", "tech"], []])
    exp = "、".join([rng.choice(EXP[seg][0]).split("与")[0]]) + "方向课题研究"
    core = f"在{u[0]}就读，{exp}。" + intent_sentence(intents)
    add("student", seg, (u[0], u[0], u[1]), title, "student", exp, intents, "none",
        "doctorate" if "博士" in title or "PhD" in title else ("master" if "研究生" in title else "bachelor"), "normal", core)

# 7) local entrepreneurs already back home (small capital, startup)
for i in range(16):
    seg = rng.choice(segs)
    county = rng.choice(COUNTIES)
    comp = (f"{COUNTY_NAME[county]}小企业", f"{COUNTY_NAME[county][:2]}{rng.choice(['鑫','华','宏','瑞','恒'])}{rng.choice(['源','达','泰','盛'])}电子科技有限公司", county)
    title = rng.choice(["总经理", "创始人", "厂长"])
    intents = rng.choice([["startup", "invest"], ["startup"], ["invest"], ["startup", "introduce"]])
    if seg.startswith("software"):
        exp = rng.choice(EXP[seg][1]).split("与")[0] + "外包服务"
        core = f"早年在武汉软件公司做实施，回乡开了小公司承接{exp}。" + intent_sentence(intents)
        comp = (comp[0], comp[1].replace("电子科技", "信息技术"), comp[2])
    else:
        exp = rng.choice(EXP[seg][1]).split("与")[0] + "小批量代工"
        core = f"早年在珠三角电子厂打工，回乡办厂做{exp}。" + intent_sentence(intents)
    add("local", seg, comp, title, "exec_small", exp, intents, rng.choice(["under_1m", "1m_5m", "1m_5m"]),
        rng.choice(["college", "secondary"]), "normal", core, county=county, residence=county)

# 8) a few famous experts of the trade (renowned, advisor), some from academia
ACAD = [("华中科技大学武汉光电国家研究中心", "420111", "optical.components", "教授", "硅光芯片与高速光模块"),
        ("武汉理工大学材料学院", "420111", "materials.consumer", "教授", "特种玻璃与电子玻璃成型"),
        ("中国科学院半导体研究所", "110108", "display.backlight", "研究员", "氮化镓LED外延与芯片"),
        ("武汉邮电科学研究院", "420111", "optical.fiber", "首席科学家", "特种光纤与光纤预制棒"),
        ("清华大学化学系", "110108", "materials.battery", "教授", "锂电池电解液与界面化学"),
        ("华中科技大学材料学院", "420111", "materials.battery", "教授", "硅基负极材料"),
        ("浙江大学控制学院", "330106", "software.industrial", "教授", "DCS控制系统与工业软件"),
        ("武汉大学计算机学院", "420106", "software.security", "教授", "计算机视觉与人脸识别"),
        ("华中科技大学光电学院", "420111", "display.lcd", "教授", "液晶显示模组与车载显示"),
        ("湖北工业大学", "420111", "software.iiot", "教授", "机器视觉检测与工业互联网")]
for a in ACAD:
    intents = rng.choice([["tech", "advisor"], ["advisor"], ["tech"], ["advisor", "introduce"]])
    core = f"任{a[0]}{a[3]}，主持{a[4]}方向国家级项目多项。" + intent_sentence(intents)
    add("academic", a[2], (a[0], a[0], a[1]), a[3], "senior", a[4], intents, rng.choice(["under_1m", "1m_5m"]), "doctorate",
        "renowned", core)

# 9) no consent / unlisted (~5%): strong profiles that must count 0
strong = [p for p in people if meta[p["key"]]["cls"] in ("senior", "exec") and p["intents"]]
for p in rng.sample(strong, 9):
    p["consent_match"] = False
for p in rng.sample([q for q in strong if q["consent_match"]], 7):
    p["listed"] = False


# 10) hand-written people that organizers of each county would know (written per project, before labelling)
# (county, residence, comp short, employer, title, edu, chains, expertise, bio core, intents, cap, tier, cls, kind, consent, listed)
HAND = [
 ("421222", "440305", "信维通信", "深圳市信维通信股份有限公司", "无线充电事业部总经理", "master", ["terminal.components"], "无线充电接收端模组与线圈量产", "在深圳信维通信从事无线充电模组研发和量产十六年，带过三条量产线。", ["invest", "tech", "introduce"], "5m_20m", "key", "exec", "trade", True, True),
 ("421222", "441900", "领益智造", "广东领益智造股份有限公司", "高级工程师", "bachelor", ["terminal.components"], "无线充电线圈绕制与模切工艺", "在东莞领益智造做无线充电线圈和模切工艺十年。", ["tech"], "under_1m", "normal", "senior", "trade", True, True),
 ("421222", "440305", "信维通信", "深圳市信维通信股份有限公司", "车间工人", "secondary", ["terminal.components"], "无线充电线圈绕线设备操作", "在信维通信绕线车间做了六年，想回通城带几个老乡一起干。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421222", "440305", "信维通信", "深圳市信维通信股份有限公司", "CTO", "doctorate", ["terminal.components"], "无线充电与天线模组系统设计", "信维通信技术负责人，无线充电领域专利六十余项。", ["tech", "advisor", "invest"], "20m_100m", "renowned", "senior", "trade", True, False),
 ("421202", "440306", None, "深圳市康泰医疗器械有限公司", "CTO", "doctorate", [], "植入式医疗器械无线充电与电源管理", "在深圳做有源植入医疗器械，负责经皮无线充电方案十二年。", ["tech", "advisor"], "1m_5m", "key", "other_expert", "other", True, True),
 ("421221", "330382", "正泰电器", "浙江正泰电器股份有限公司", "采购总监", "bachelor", ["terminal.components"], "继电器与低压电器零部件采购", "在正泰电器负责继电器、断路器零部件采购，熟悉长三角供应商。", ["introduce"], "1m_5m", "normal", "commercial", "trade", True, True),
 ("421221", "310115", "良信电器", "上海良信电器股份有限公司", "副总裁", "master", ["terminal.components"], "低压电器与配电电器事业经营", "在良信电器分管配电电器事业部，嘉鱼潘家湾人。", ["invest", "introduce"], "20m_100m", "key", "exec", "trade", True, True),
 ("421281", "420111", "华灿光电", "华灿光电股份有限公司", "首席科学家", "doctorate", ["display.backlight"], "LED外延片MOCVD生长与芯片制程", "在华灿光电负责氮化镓外延和芯片工艺，赤壁人。", ["tech", "advisor"], "1m_5m", "renowned", "senior", "trade", True, True),
 ("421281", "350206", "三安光电", "三安光电股份有限公司", "财务总监", "master", [], "财务管理与上市公司资本运作", "三安光电财务总监，多年捐资赤壁家乡小学。", ["donate"], "over_100m", "key", "unrelated", "unrelated", True, True),
 ("421281", "350206", "三安光电", "三安光电股份有限公司", "研发总监", "doctorate", ["display.backlight"], "LED外延与Mini LED芯片", "在三安光电研发中心负责外延与芯片平台。", ["tech", "introduce"], "5m_20m", "key", "senior", "trade", False, True),
 ("421281", "370212", "海信集团", "海信集团控股股份有限公司", "研发总监", "master", ["terminal.smart_home"], "智能家电控制板与空调控制算法", "在海信研发中心负责家电控制板和变频空调控制，赤壁人。", ["advisor", "tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421281", "440606", "欧科空调", "广东欧科空调制冷有限公司", "销售总监", "bachelor", ["terminal.smart_home"], "空调控制器与智能开关产品销售", "在欧科空调负责华中区域销售，熟悉家电整机厂采购。", ["introduce"], "1m_5m", "normal", "commercial", "trade", True, True),
 ("421223", "370705", "歌尔股份", "歌尔股份有限公司", "耳机事业部总监", "master", ["terminal.devices"], "TWS耳机整机组装与测试", "在歌尔耳机事业部负责整机组装测试工厂，崇阳白霓人。", ["introduce", "invest"], "5m_20m", "key", "exec", "trade", True, True),
 ("421223", "441900", "立讯精密", "立讯精密工业股份有限公司", "产线班长", "college", ["terminal.devices"], "耳机整机组装线管理", "在立讯精密耳机组装线当了五年班长。", ["startup"], "under_1m", "normal", "junior", "trade", True, True),
 ("421202", "610402", "彩虹股份", "彩虹显示器件股份有限公司", "总工程师", "doctorate", ["display.lcd"], "电子玻璃基板熔制与溢流成型", "在彩虹股份负责玻璃基板熔制与成型二十年，咸安人。", ["tech"], "1m_5m", "renowned", "senior", "trade", True, True),
 ("421224", "340207", "长信科技", "芜湖长信科技股份有限公司", "董事", "master", ["display.lcd"], "ITO导电玻璃与减薄业务经营", "长信科技创始团队成员，通山人。", ["invest"], "over_100m", "renowned", "exec", "trade", True, True),
 ("421281", "440306", "三利谱", "深圳市三利谱光电科技股份有限公司", "技术总监", "master", ["display.lcd"], "偏光片PVA拉伸与涂布", "在三利谱负责偏光片核心工艺，赤壁人。", ["advisor"], "1m_5m", "key", "senior", "trade", True, True),
 ("421202", "440310", "盛波光电", "深圳市盛波光电科技有限公司", "采购经理", "bachelor", ["display.lcd"], "偏光片原材料(PVA膜、TAC膜)采购", "在盛波光电负责膜材采购。", ["introduce"], "under_1m", "normal", "commercial", "trade", True, True),
 ("421222", "110105", "京东方", "京东方科技集团股份有限公司", "高级工程师", "master", ["display.lcd"], "车载液晶显示模组设计与全贴合", "在京东方车载显示事业部做模组设计九年，通城人。", ["tech"], "under_1m", "normal", "senior", "trade", True, True),
 ("421222", "320583", "龙腾光电", "昆山龙腾光电股份有限公司", "技术员", "college", ["display.lcd"], "液晶显示模组COG贴合设备操作", "在龙腾光电模组厂做COG贴合，想回通城创业。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421281", "440307", "聚飞光电", "深圳市聚飞光电股份有限公司", "研发总监", "master", ["display.backlight"], "背光模组导光板与光学膜片设计", "在聚飞光电负责背光模组研发，赤壁人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421281", "421281", "赤壁高投", "赤壁高投科技有限公司", "总经理", "bachelor", ["display.backlight"], "背光模组生产与客户管理", "赤壁高投科技总经理，熟悉华中面板厂的背光采购。", ["introduce"], "5m_20m", "key", "exec", "trade", True, True),
 ("421224", "442000", "木林森", "木林森股份有限公司", "销售总监", "bachelor", ["display.lighting"], "LED照明灯具渠道与工程销售", "在木林森负责华中照明渠道，通山人。", ["introduce"], "1m_5m", "normal", "commercial", "trade", True, True),
 ("421224", "310115", "欧普照明", "欧普照明股份有限公司", "技术员", "college", ["display.lighting"], "LED灯具装配与老化测试", "在欧普照明工厂做灯具测试，计划回通山办灯具装配厂。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421222", "421222", "平安电工", "湖北平安电工科技股份公司", "总工程师", "master", ["materials.consumer"], "云母绝缘材料配方与工艺", "平安电工总工，通城人，主持云母纸和云母板工艺。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421202", "441900", "鸿纳新材料", "鸿纳(东莞)新材料科技有限公司", "CTO", "doctorate", ["materials.consumer"], "石墨烯导热膜与导电导热材料", "在鸿纳新材料负责石墨烯导热膜研发。", ["advisor"], "1m_5m", "key", "senior", "trade", True, True),
 ("421202", "310115", "新昇半导体", "上海新昇半导体科技有限公司", "研发总监", "doctorate", ["materials.consumer"], "300mm硅片抛光与外延", "在新昇半导体负责大硅片抛光和外延工艺，咸安人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421223", "330206", "金瑞泓", "浙江金瑞泓科技股份有限公司", "副总经理", "master", ["materials.consumer"], "硅片业务经营", "在金瑞泓分管8英寸硅片业务。", ["invest"], "20m_100m", "key", "exec", "trade", True, True),
 ("421281", "330402", "福莱特玻璃", "福莱特玻璃集团股份有限公司", "销售副总", "bachelor", ["materials.consumer"], "光伏玻璃销售与客户开发", "在福莱特负责光伏玻璃国内销售，赤壁人。", ["introduce"], "5m_20m", "key", "commercial", "trade", True, True),
 ("421281", "610402", "彩虹集团", "彩虹集团有限公司", "人力资源总监", "master", [], "招聘与组织发展", "在彩虹集团负责人力资源。", ["introduce"], "1m_5m", "normal", "unrelated", "unrelated", True, True),
 ("421221", "440309", "贝特瑞", "贝特瑞新材料集团股份有限公司", "研发总监", "doctorate", ["materials.battery"], "硅碳负极材料研发与中试", "在贝特瑞负责硅碳负极研发，嘉鱼人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421221", "350902", "宁德时代", "宁德时代新能源科技股份有限公司", "工程师", "bachelor", ["materials.battery"], "负极材料来料检验与工艺", "在宁德时代做负极材料工艺，想回嘉鱼创业。", ["startup"], "under_1m", "normal", "junior", "trade", True, True),
 ("421223", "440112", "天赐材料", "广州天赐高新材料股份有限公司", "高级工程师", "master", ["materials.battery"], "锂电池电解液配方与添加剂", "在天赐材料做电解液配方十年，崇阳人。", ["tech"], "under_1m", "normal", "senior", "trade", True, True),
 ("421202", "440310", "新宙邦", "深圳新宙邦科技股份有限公司", "采购总监", "bachelor", ["materials.battery"], "电解液原料(锂盐、溶剂)采购", "在新宙邦负责电解液原料采购。", ["introduce"], "1m_5m", "normal", "commercial", "trade", True, True),
 ("421222", "420111", "长飞光纤", "长飞光纤光缆股份有限公司", "首席专家", "doctorate", ["optical.fiber"], "光纤预制棒与特种光纤拉丝", "在长飞光纤从事预制棒研发二十年，通城人。", ["tech", "advisor"], "1m_5m", "renowned", "senior", "trade", True, True),
 ("421223", "320509", "亨通光电", "江苏亨通光电股份有限公司", "总经理", "master", ["optical.fiber"], "光缆业务经营", "亨通光电子公司总经理。", ["invest"], "over_100m", "renowned", "exec", "trade", True, True),
 ("421224", "441900", "铭普光磁", "东莞铭普光磁股份有限公司", "销售经理", "bachelor", ["optical.components"], "光纤跳线与光无源器件销售", "在铭普光磁做运营商光无源器件销售，通山人。", ["introduce"], "under_1m", "normal", "commercial", "trade", True, True),
 ("421224", "330402", "博创科技", "博创科技股份有限公司", "技术员", "college", ["optical.components"], "光纤跳线研磨与端面检测", "在博创科技做跳线研磨四年，想回通山开加工厂。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421202", "440305", "恒宝通", "深圳市恒宝通光电子股份有限公司", "CTO", "doctorate", ["optical.components"], "100G光模块设计与封装", "恒宝通技术负责人，咸安人。", ["tech", "advisor"], "5m_20m", "key", "senior", "trade", True, True),
 ("421202", "420111", "光迅科技", "武汉光迅科技股份有限公司", "工程师", "master", ["optical.components"], "光模块耦合与测试", "在光迅科技做光模块耦合测试。", ["startup"], "under_1m", "normal", "junior", "trade", True, True),
 ("421202", "330108", "海康威视", "杭州海康威视数字技术股份有限公司", "研发总监", "master", ["software.security"], "视频监控前端与网络摄像机研发", "在海康威视负责网络摄像机研发，咸安人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421224", "110108", "旷视科技", "北京旷视科技有限公司", "算法总监", "doctorate", ["software.security"], "人脸识别算法与安防解决方案", "在旷视负责人脸识别算法落地。", ["advisor"], "1m_5m", "key", "senior", "trade", True, True),
 ("421223", "110108", "神州数码", "神州数码控股有限公司", "高级工程师", "master", ["software.iot"], "物联网平台与农业传感网", "在神州数码做物联网平台架构，崇阳人，想回乡做茶园物联网。", ["tech", "startup"], "under_1m", "normal", "senior", "trade", True, True),
 ("421223", "421202", "必虎网络", "咸宁必虎网络科技有限公司", "工程师", "bachelor", ["software.iot"], "物联网设备调试", "在必虎网络做物联网设备调试。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421281", "330108", "中控技术", "浙江中控技术股份有限公司", "产品总监", "master", ["software.industrial"], "MES制造执行系统产品", "在中控技术负责MES产品线，赤壁人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421281", "421202", "即兴软件", "咸宁即兴计算机软件有限公司", "工程师", "bachelor", ["software.industrial"], "MES实施与二次开发", "在即兴软件做MES实施，想在赤壁自己带团队。", ["startup"], "under_1m", "normal", "junior", "trade", True, True),
 ("421221", "370212", "海尔卡奥斯", "卡奥斯物联科技股份有限公司", "VP", "master", ["software.iiot"], "工业互联网平台与行业解决方案", "卡奥斯副总裁，嘉鱼人。", ["introduce"], "5m_20m", "key", "exec", "trade", True, True),
 ("421221", "420111", "精测电子", "武汉精测电子集团股份有限公司", "高级工程师", "master", ["software.iiot"], "机器视觉检测算法", "在精测电子做面板机器视觉检测，嘉鱼人。", ["tech"], "under_1m", "normal", "senior", "trade", True, True),
 ("421221", "440307", "智莱科技", "深圳市智莱科技股份有限公司", "副总经理", "bachelor", ["terminal.devices"], "智能快件箱制造与运营", "智莱科技副总，嘉鱼人。", ["invest"], "5m_20m", "key", "exec", "trade", True, True),
 ("421202", "440305", "丰巢", "深圳市丰巢科技有限公司", "供应链经理", "bachelor", ["terminal.devices"], "智能柜采购与供应商管理", "在丰巢负责智能柜供应链。", ["introduce"], "under_1m", "normal", "commercial", "trade", True, True),
 ("421222", "330281", "舜宇光学", "舜宇光学科技(集团)有限公司", "研发总监", "doctorate", ["terminal.components"], "摄像模组AA制程与镜头设计", "在舜宇负责手机摄像模组研发，通城人。", ["tech"], "1m_5m", "key", "senior", "trade", True, True),
 ("421223", "440306", "欧菲光", "欧菲光集团股份有限公司", "董事", "master", ["terminal.components"], "摄像模组与触控业务经营", "欧菲光早期创业团队成员。", ["invest"], "over_100m", "renowned", "exec", "trade", True, True),
 ("421224", "421222", "瀛通通讯", "瀛通通讯股份有限公司", "销售总监", "bachelor", ["terminal.components"], "耳机线材与声学器件销售", "在瀛通通讯负责声学器件销售，通山人。", ["introduce"], "1m_5m", "normal", "commercial", "trade", True, True),
 ("421224", "441900", "立讯精密", "立讯精密工业股份有限公司", "车间工人", "secondary", ["terminal.components"], "连接器冲压与注塑", "在立讯连接器车间七年，想回通山办配套厂。", ["startup"], "none", "normal", "junior", "trade", True, True),
 ("421222", "421222", None, "通城县第一中学", "物理教师", "bachelor", [], "光纤通信原理与物理竞赛教学", "在通城一中教物理，指导学生做光纤通信实验。", ["tech"], "none", "normal", "other_expert", "other", True, True),
 ("421281", "420103", None, "武汉市中心医院", "影像科主任", "doctorate", [], "医学影像显示与诊断", "在武汉市中心医院影像科工作。", ["tech", "advisor"], "1m_5m", "normal", "other_expert", "other", True, True),
 ("421223", "420111", None, "武汉比亚迪汽车销售服务有限公司", "销售经理", "college", [], "新能源汽车及动力电池汽车销售", "在比亚迪4S店做新能源汽车销售。", ["introduce"], "under_1m", "normal", "other_expert", "other", True, True),
 ("421202", "440307", "华为", "华为技术有限公司", "Senior Engineer", "master", ["optical.components"], "光模块与光芯片", "在华为光产品线工作十年。", ["tech", "advisor"], "1m_5m", "key", "senior", "trade", False, True),
]
for h in HAND:
    (county, res, cshort, emp, title, edu, chains, exp, core, intents, cap, tier, cls, kind, consent, listed) = h
    p = add(kind, chains[0] if chains else None, (cshort, emp, res), title, cls if cls in ("senior", "exec", "commercial", "junior") else "other",
            exp, intents, cap, edu, tier, core + intent_sentence(intents), chains=chains, county=county, residence=res,
            consent=consent, listed=listed)
    meta[p["key"]]["cls"] = cls
    meta[p["key"]]["comp"] = cshort

# ---------------------------------------------------------------- labelling by the rubric
CAP_UP = {"none": 0, "under_1m": 100, "1m_5m": 500, "5m_20m": 2000, "20m_100m": 10000, "over_100m": 10**9}
BANDS = ["none", "under_1m", "1m_5m", "5m_20m", "20m_100m", "over_100m"]

def band_needed(inv):
    for b in BANDS[1:]:
        if CAP_UP[b] >= inv / 10: return BANDS.index(b)

def senior(p, m):
    t = p["title"]
    if m["cls"] in ("junior", "student"): return False
    return any(k in t for k in ["总", "CTO", "VP", "副总裁", "教授", "研究员", "首席", "高级", "Senior", "Director", "院长", "董事长", "创始人", "Manager", "Partner"])

def grade(proj, p):
    m = meta[p["key"]]
    if not p["consent_match"] or not p["listed"]: return 0
    it = set(p["intents"])
    if it <= {"donate"}: return 0
    seg = proj["segment"]; top = SEG_TOP(seg)
    chains = set(p["chains"])
    same_seg = seg in chains
    same_top = any(SEG_TOP(c) == top for c in chains)
    at_target = m["comp"] is not None and any(m["comp"] == t or m["comp"] in t or t in m["comp"] for t in proj["target_companies"])
    exp = p["expertise"]
    strong_hit = any(k in exp for k in proj["strong"])
    proc_hit = any(k in exp for k in proj["process"])
    from_county = p["hometown_code"][:6] == proj["county_code"]
    g = 0
    for need in proj["needs"]:
        if need == "capital" and "invest" in it:
            need_b = band_needed(proj["investment_wan"]); have = BANDS.index(p["capital_range"])
            direct = same_seg or at_target or (m["cls"] == "investor" and "投资" in p["expertise"] and same_top)
            if have >= need_b and direct: g = max(g, 2)
            elif have >= need_b and same_top: g = max(g, 1)
            elif have == need_b - 1 and direct: g = max(g, 1)
        if need == "tech" and it & {"tech", "advisor"} and m["kind"] not in ("other", "unrelated"):
            sen = senior(p, m) and m["cls"] in ("senior", "exec", "investor", "exec_small") and m["kind"] != "local"
            if same_seg and sen and (strong_hit or (proc_hit and (from_county or at_target))):
                g = max(g, 2)
            elif same_seg and sen:
                g = max(g, 1)
            elif same_top and sen and m["kind"] in ("trade", "academic") and (strong_hit or proc_hit):
                g = max(g, 1)   # neighbouring segment, expertise transfers
            elif same_seg and not sen:
                g = max(g, 1)   # junior: at most 1
        if need == "talent":
            if "startup" in it and same_seg and (strong_hit or proc_hit or from_county): g = max(g, 2)
            elif "startup" in it and same_seg: g = max(g, 1)
            elif "startup" in it and same_top and (strong_hit or proc_hit or from_county): g = max(g, 1)
            elif "tech" in it and same_seg and m["kind"] not in ("other", "unrelated"): g = max(g, 1)
        if need in ("market", "supply") and "introduce" in it:
            role_ok = m["cls"] in ("exec", "commercial") or (senior(p, m) and m["cls"] == "senior")
            if at_target and m["cls"] == "unrelated": g = max(g, 1)
            elif at_target and role_ok: g = max(g, 2)
            elif same_seg and senior(p, m) and m["kind"] in ("trade", "academic", "investor") and (strong_hit or proc_hit): g = max(g, 2)
            elif same_seg and m["kind"] not in ("other", "unrelated"): g = max(g, 1)
    return g

for proj in PROJECTS:
    rel = {}
    for p in people:
        gr = grade(proj, p)
        if gr: rel[p["key"]] = gr
    proj["relevant"] = rel

out_projects = []
for proj in PROJECTS:
    d = {k: proj[k] for k in ["key", "title", "segment", "description", "needs", "county_code", "park", "investment_wan", "target_companies", "relevant"]}
    out_projects.append(d)
json.dump(out_projects, open(f"{OUT}/projects.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
json.dump(people, open(f"{OUT}/people.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
for proj in out_projects:
    r = proj["relevant"]
    print(proj["key"], proj["segment"], proj["county_code"], len(r), sum(1 for v in r.values() if v == 2), sum(1 for v in r.values() if v == 1))
print("people", len(people))
