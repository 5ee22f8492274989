"""Invented place, unit and person names for the demo data (`manage.py seed_demo`).

All names are made up; any likeness to a real county or person is chance. The lists
are plain data: the command picks from them with its own seeded random generator.
"""

from __future__ import annotations

# County names (县). A city-scale demo uses 10 of them.
COUNTIES = [
    "青岚", "枫岭", "云岫", "石澜", "桐溪", "柏川", "松岚", "梧川", "槐山", "鹿溪",
    "榆川", "杉岭", "栗阳", "桂岚", "橙溪", "棠溪",
]

# Township stems; a suffix 镇 / 乡 / 街道 is added by the command.
TOWNSHIP_STEMS = [
    "石桥", "黄土", "柏林", "双河", "龙泉", "马鞍", "高峰", "新店", "茶坪", "杨柳",
    "青山", "水口", "大坝", "红岩", "桂花", "金鸡", "观音", "三溪", "太平", "长岭",
    "白果", "沙坝", "凉水", "旧县", "古城", "板桥", "瓦窑", "竹园", "梨花", "天池",
]
STREET_STEMS = ["东城", "西城", "南城", "北城", "城南", "城北", "滨河", "凤凰", "文昌", "锦华"]

# Village stems (村).
VILLAGE_STEMS = [
    "柳树", "石门", "杏林", "枫香", "桃园", "李家", "王家", "张家", "陈家", "刘家",
    "黄泥", "青杠", "松林", "竹林", "水井", "河坝", "坪上", "岩脚", "新民", "红旗",
    "光明", "团结", "胜利", "永兴", "福田", "双龙", "金鱼", "白鹤", "马家", "周家",
    "高桥", "凤鸣", "万福", "三合", "四方", "五里", "七星", "九龙", "百花", "千佛",
    "茶园", "果园", "梨树", "柿子", "核桃", "杉木", "楠木", "樟树", "银杏", "桑园",
    "上坝", "下坝", "中坝", "东岳", "西山", "南岭", "北坡", "长滩", "沙河", "清水",
    "龙井", "鹿鸣", "燕子", "鸭池", "鱼塘", "牛角", "羊坪", "鹤林", "凤山", "云峰",
    "大田", "小河", "新华", "建设", "和平", "幸福", "联合", "先锋", "曙光", "向阳",
]
# Community stems (社区).
COMMUNITY_STEMS = [
    "解放路", "人民路", "滨江", "文化", "健康", "和谐", "锦绣", "朝阳", "春华", "秋实",
    "北关", "南关", "东门", "西门", "翠苑", "金桥", "银河", "阳光", "花园", "学府",
]

# County-level government organs (机关), under the county organs' primary committee.
COUNTY_ORGANS = [
    "县委办公室", "县人大常委会办公室", "县政府办公室", "县政协办公室", "县纪委监委机关",
    "县委组织部", "县委宣传部", "县委统战部", "县委政法委", "县发展和改革局",
    "县教育局", "县财政局", "县人力资源和社会保障局", "县自然资源局", "县住房和城乡建设局",
    "县交通运输局", "县农业农村局", "县水利局", "县卫生健康局", "县民政局",
    "县司法局", "县审计局", "县市场监督管理局", "县统计局", "县应急管理局",
]
# County-level public institutions (事业单位).
COUNTY_INSTITUTIONS = [
    "县疾病预防控制中心", "县图书馆", "县文化馆", "县档案馆", "县融媒体中心",
    "县农业技术推广中心", "县林业工作站", "县社会保险事业管理局", "县不动产登记中心", "县气象局",
]
# County schools (学校) and the big school whose branches form a general branch.
COUNTY_SCHOOLS = [
    "县第二中学", "县实验中学", "县职业中学", "县实验小学", "县第二小学",
    "县城关幼儿园", "县特殊教育学校", "县教师进修学校",
]
BIG_SCHOOL = "县第一中学"
BIG_SCHOOL_BRANCHES = ["高一年级", "高二年级", "高三年级", "行政后勤"]
# County hospitals (卫生院（医院）).
COUNTY_HOSPITALS = ["县中医医院", "县妇幼保健院", "县精神卫生中心"]
BIG_HOSPITAL = "县人民医院"
BIG_HOSPITAL_BRANCHES = ["内科", "外科", "医技", "行政后勤", "离退休"]
# State enterprises (国有企业).
STATE_ENTERPRISES = [
    "县城市建设投资有限公司", "县交通投资集团有限公司", "县水务有限责任公司", "县粮食储备有限公司",
    "县供电公司", "县农村商业银行", "县国有资产经营有限公司", "县旅游开发有限公司",
    "县邮政分公司", "县燃气有限公司",
]
# Non-public enterprises (非公有制企业): stems; "<county>" is prefixed.
PRIVATE_ENTERPRISES = [
    "鑫源建材有限公司", "恒达物流有限公司", "绿野茶业有限公司", "华丰食品有限公司", "永安机械制造有限公司",
    "金穗米业有限公司", "康源药业有限公司", "山泉饮品有限公司", "瑞祥纺织有限公司", "宏图电子有限公司",
    "嘉禾农业开发有限公司", "顺通汽车服务有限公司", "百川家具有限公司", "天宇新材料有限公司", "丰收农资有限公司",
]
# Small private enterprises in townships, grouped into joint branches.
TOWNSHIP_ENTERPRISE_KINDS = [
    "茶叶专业合作社", "种养殖专业合作社", "砖厂", "农家乐", "商贸有限公司", "电商服务站", "竹编厂", "建筑队",
]
# Social organizations (社会组织).
SOCIAL_ORGS = [
    "县个体劳动者协会", "县律师协会", "县慈善总会", "县志愿者协会", "县老年人体育协会",
    "县餐饮行业协会", "县民办教育协会", "县红十字会", "县物流行业协会", "县电子商务协会",
]

# Surnames weighted roughly by frequency (common ones repeated).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "王李张刘陈杨黄赵王李张刘陈"
)
GIVEN_CHARS = (
    "建国军华明强伟芳秀英兰丽敏静涛勇杰平刚桂珍红霞玉梅志国海波立新春林文辉雪燕小龙永福德成"
    "晓东宏斌婷磊洋丹亮超霞鹏飞俊峰淑琴金凤德明家豪子轩雨欣思远浩然嘉怡宇航"
)

PARTY_GROUP_NAMES = ["第一党小组", "第二党小组", "第三党小组"]
