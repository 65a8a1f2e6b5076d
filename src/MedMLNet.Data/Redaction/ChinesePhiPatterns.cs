using System.Text.RegularExpressions;

namespace MedMLNet.Data.Redaction;

/// <summary>Chinese identifier patterns: mobile/landline phones, 身份证 (checksum), 病历号/住院号, ID keywords, dates (年月日), ages (岁), addresses (省市区路号), names (我叫…, 王医生).</summary>
internal static partial class ChinesePhiPatterns
{
    private const string Surnames =
        "(?:欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯|长孙|宇文|司徒|[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝])";

    [GeneratedRegex(@"(?<!\d)(?:(?:\+|00)?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d{4}){2}(?!\d)")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<!\d)(?:\(0\d{2,3}\)\s?|（0\d{2,3}）|0\d{2,3}-)\d{7,8}(?!\d)")]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?:电话|手机|手机号|联系电话|联系方式|座机|微信|QQ)(?:号码|号)?\s*(?:是|为)?\s*[:：]?\s*(?<v>\+?\d[\d\s\-]{4,}\d)")]
    private static partial Regex PhoneKeyword();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex ResidentId();

    [GeneratedRegex(@"(?:身份证(?:号码|号)?|社保卡号|医保卡号|医保号|就诊卡号|银行卡号|账号|卡号|护照号(?:码)?|证件号(?:码)?)\s*(?:是|为)?\s*[:：]?\s*(?<v>[0-9A-Za-z\-]{6,})")]
    private static partial Regex IdKeyword();

    [GeneratedRegex(@"(?:病历号|病案号|住院号|门诊号|病历编号|就诊号|住院编号|病历卡号)\s*(?:是|为)?\s*[:：]?\s*(?<v>[0-9A-Za-z\-]{4,})")]
    private static partial Regex Mrn();

    [GeneratedRegex(@"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|(?<![\d年])\d{1,2}\s*月\s*\d{1,2}\s*[日号]")]
    private static partial Regex Date();

    [GeneratedRegex(@"(?<![\d.])(?<v>9\d|1[01]\d)\s*(?:周岁|岁)|(?:年龄|年纪|享年)\s*(?:是|为)?\s*[:：]?\s*(?<v>9\d|1[01]\d)(?!\d)")]
    private static partial Regex Age();

    [GeneratedRegex(@"(?:[\u4e00-\u9fa5]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fa5]{2,7}?市)?(?:[\u4e00-\u9fa5]{1,7}?(?:区|县|镇|乡))?[\u4e00-\u9fa5A-Za-z0-9]{1,12}?(?:路|街|大道|大街|巷|弄|胡同|村)[0-9一二三四五六七八九十百零]+号(?:[0-9一二三四五六七八九十]+(?:栋|幢|号楼|单元|楼|层|室|号))*")]
    private static partial Regex StructuredAddress();

    [GeneratedRegex(@"(?:住址|地址|家住|住在|居住在|现住|现居)\s*(?:是|为)?\s*[:：]?\s*(?<v>[\u4e00-\u9fa5A-Za-z0-9\-]{3,40}?)(?=[，,。；;！!？?\s]|$)")]
    private static partial Regex KeywordAddress();

    [GeneratedRegex(@"(?:我叫|我的名字是|我的名字叫|名字叫|姓名|患者姓名|病人姓名|联系人)\s*(?:是|为)?\s*[:：]?\s*(?<v>[\u4e00-\u9fa5]{2,4}?)(?=[，,。.！!？?、；;\s\d]|$|先生|女士|小姐)")]
    private static partial Regex IntroducedName();

    [GeneratedRegex(@"(?<=^|[^\u4e00-\u9fa5]|您好|你好|谢谢|感谢|请问|问|找|向|给|和|跟|是|让|位)(?<v>" + Surnames + @"[\u4e00-\u9fa5]{0,2}?)(?=医生|大夫|医师|先生|女士|小姐|教授|主任|护士|老师|阿姨)")]
    private static partial Regex TitledName();

    // 患者张三，男，45岁 / 病人李四 女 / 患儿王小明，5岁: a name right after the patient noun, confirmed by the sex or age that follows.
    [GeneratedRegex(@"(?:患者|病人|患儿|病患|伤者|孕妇|产妇|家属)\s*[:：]?\s*(?<v>" + Surnames + @"[\u4e00-\u9fa5]{1,2}?)(?=\s*[，,、(（]?\s*(?:男|女|\d{1,3}\s*(?:岁|个月)))")]
    private static partial Regex PatientName();

    // 张三，男，45岁 at the start of a note or after punctuation: a surname-led name confirmed by the sex that follows.
    [GeneratedRegex(@"(?<=^|[\s，,。；;:：、\n])(?<v>" + Surnames + @"[\u4e00-\u9fa5]{1,2}?)(?=\s*[，,、(（]\s*(?:男|女)(?:性)?\s*[，,、)）\d])")]
    private static partial Regex NameBeforeSex();

    // 我是孙丽。/ 本人王强， : a surname-led name that is the whole statement (我是高血压患者 is not: see NotClinical).
    [GeneratedRegex(@"(?:我是|本人是?|我姓名是)\s*(?<v>" + Surnames + @"[\u4e00-\u9fa5]{1,2}?)(?=[，,。.！!？?、；;\s]|$)")]
    private static partial Regex SelfName();

    // 主任医师：钱学森 / 经治医生：李明 / 签名：王芳 : a name after a staff title or signature label and a colon.
    [GeneratedRegex(@"(?:医生|医师|大夫|主任|护士|教授|护士长|签名|审核人?|记录人|联系人|监护人|家属)\s*[:：]\s*(?<v>" + Surnames + @"[\u4e00-\u9fa5]{1,2}?)(?=[，,。.！!？?、；;\s(（]|$)")]
    private static partial Regex LabelledName();

    [GeneratedRegex(@"(?:微信号?|微信账号|QQ号?|支付宝(?:账号)?)\s*(?:是|为)?\s*[:：]?\s*(?<v>[A-Za-z][A-Za-z0-9_\-]{5,19})")]
    private static partial Regex MessengerId();

    private static readonly string[] AddressLeadIns = ["居住在", "住在", "家住", "住址", "地址", "位于", "来自", "现住", "现居", "我在", "在", "是", "：", ":"];

    /// <summary>Drops a lead-in such as "我住在" that the structural pattern swallowed before the place name.</summary>
    private static (int, int) TrimAddressLeadIn(string text, int start, int end)
    {
        var span = text[start..end];
        var firstMarker = span.IndexOfAny(['省', '市', '区', '县', '路', '街']);
        var head = firstMarker < 0 ? span : span[..firstMarker];
        var cut = 0;
        foreach (var lead in AddressLeadIns)
        {
            var i = head.LastIndexOf(lead, StringComparison.Ordinal);
            if (i >= 0) cut = Math.Max(cut, i + lead.Length);
        }
        return (start + cut, end);
    }

    private static bool IsPlace(string v) => v.IndexOfAny(['省', '市', '区', '县', '路', '街', '号', '村', '镇', '弄', '巷']) >= 0;

    /// <summary>Common words that begin with a surname character ("麻烦医生", "谢谢医生", "主治医生").</summary>
    private static readonly string[] NotNameStarts =
    [
        "麻烦", "谢谢", "应当", "应该", "主治", "经治", "接诊", "家庭", "专科", "管床", "值班", "责任", "实习", "住院", "门诊",
        "好的", "问问", "请教", "咨询", "当地", "专业", "找个", "向您", "向你", "和您", "和你", "给您", "给你", "路上", "全科", "明白",
        "高明", "方面", "成功", "时候", "常规", "安排", "关于", "包括", "龙头", "石头", "金牌", "文章", "华西", "车上", "于是", "于是在",
    ];

    private static readonly HashSet<string> NotNames = ["什么", "医生", "患者", "病人", "自己", "大家"];

    /// <summary>Characters of symptoms and diseases, never of a given name in these contexts ("我是高血压", "本人是糖尿病").</summary>
    private static bool NotClinical(string v) => v.IndexOfAny("病症炎痛压糖血癌瘤疼热咳痰尿便肿晕吐泻患性型期度者的了".ToCharArray()) < 0;

    /// <summary>All Chinese patterns (priorities match <see cref="EnglishPhiPatterns"/>).</summary>
    public static IEnumerable<PhiPattern> All() =>
    [
        new(PhiType.Mrn, Mrn(), 3, Chinese: true),
        new(PhiType.Id, IdKeyword(), 4, Chinese: true),
        new(PhiType.Id, ResidentId(), 4, Chinese: true, Validate: v => ChineseIdNumber.IsValid(v)),
        new(PhiType.Phone, PhoneKeyword(), 5, Chinese: true, Validate: v => v.Count(char.IsAsciiDigit) is >= 5 and <= 15),
        new(PhiType.Phone, Mobile(), 5, Chinese: true),
        new(PhiType.Phone, Landline(), 5, Chinese: true),
        new(PhiType.Date, Date(), 6, Chinese: true),
        new(PhiType.Address, KeywordAddress(), 7, Chinese: true, Validate: IsPlace),
        new(PhiType.Address, StructuredAddress(), 7, Chinese: true, Trim: TrimAddressLeadIn),
        new(PhiType.Age, Age(), 8, Chinese: true),
        new(PhiType.Name, IntroducedName(), 9, Chinese: true, Validate: v => !NotNames.Contains(v)),
        new(PhiType.Name, TitledName(), 9, Chinese: true, Validate: v => !NotNameStarts.Any(v.StartsWith)),
        new(PhiType.Name, NameBeforeSex(), 9, Chinese: true, Validate: v => !NotNameStarts.Any(v.StartsWith) && !NotNames.Contains(v)),
        new(PhiType.Id, MessengerId(), 4, Chinese: true),
        new(PhiType.Name, SelfName(), 9, Chinese: true, Validate: v => !NotNameStarts.Any(v.StartsWith) && !NotNames.Contains(v) && NotClinical(v)),
        new(PhiType.Name, LabelledName(), 9, Chinese: true, Validate: v => !NotNameStarts.Any(v.StartsWith) && !NotNames.Contains(v) && NotClinical(v)),
        new(PhiType.Name, PatientName(), 9, Chinese: true, Validate: v => !NotNameStarts.Any(v.StartsWith) && !NotNames.Contains(v)),
    ];
}
