using MedMLNet.Data;

namespace MedMLNet.Data.Tests;

/// <summary>Names recognised from their context (patient labels, self-introductions, relatives; 患者 + sex/age), and words the same contexts must not take.</summary>
public class PhiContextNameTests
{
    private static readonly PhiRedactor Redactor = new();

    internal static string Redacted(string text) => Redactor.Redact(text).Text;

    [Theory]
    [InlineData("Patient: John Smith, 45M, chest pain.", "Patient: [NAME], 45M, chest pain.")]
    [InlineData("Seen today: patient Maria Garcia with a cough.", "Seen today: patient [NAME] with a cough.")]
    [InlineData("Hi doctor, I'm Sarah, 34, and my knee hurts.", "Hi doctor, I'm [NAME], 34, and my knee hurts.")]
    [InlineData("This is Tom Baker again.", "This is [NAME] again.")]
    [InlineData("My son Tommy has had a fever for two days.", "My son [NAME] has had a fever for two days.")]
    [InlineData("her husband, Robert Lee drove her in", "her husband, [NAME] drove her in")]
    [InlineData("A boy named Liam with a rash.", "A boy named [NAME] with a rash.")]
    [InlineData("Pt: Garcia, Maria. Cough.", "Pt: [NAME]. Cough.")]
    [InlineData("Patient: Lee, Min-ho; Tel: none", "Patient: [NAME]; Tel: none")]
    [InlineData("Mother: Susan Miller; Father: Mark Miller", "Mother: [NAME]; Father: [NAME]")]
    [InlineData("Emergency contact: Dorothy Gale, by phone", "Emergency contact: [NAME], by phone")]
    [InlineData("patient name: ahmed khan", "patient name: [NAME]")]
    [InlineData("Chart reviewed by Jane Doe, RN.", "Chart reviewed by [NAME], RN.")]
    public void EnglishContextNames(string input, string expected) => Assert.Equal(expected, Redacted(input));

    [Theory]
    [InlineData("患者张三，男，45岁，胸痛2小时。", "患者[NAME]，男，45岁，胸痛2小时。")]
    [InlineData("病人李小红 女 32岁", "病人[NAME] 女 32岁")]
    [InlineData("患儿王明，5岁，发热。", "患儿[NAME]，5岁，发热。")]
    [InlineData("我是孙丽，我妈妈头晕。", "我是[NAME]，我妈妈头晕。")]
    [InlineData("主任医师：钱学森；已复查。", "主任医师：[NAME]；已复查。")]
    public void ChinesePatientNames(string input, string expected) => Assert.Equal(expected, Redacted(input));

    [Theory]
    [InlineData("I am Diabetic and take metformin 500 mg.")]
    [InlineData("The patient presented with fever; patient denies chest pain.")]
    [InlineData("Patient: Male, 45, BP 120/80.")]
    [InlineData("My son has had a fever; my daughter is fine.")]
    [InlineData("患者高热3天，咳嗽。")]
    [InlineData("患者于3天前出现腹痛，男性。")]
    [InlineData("患者男，45岁，头痛。")]
    [InlineData("我是高血压患者，我是糖尿病，本人是胃炎。")]
    [InlineData("Mother: unknown history; Physician: on call.")]
    public void ClinicalTextInTheSameContextsIsKept(string text) => Assert.Equal(text, Redacted(text));
}

/// <summary>Identifiers with no keyword before them (given name + surname, City, ST ZIP) or with rarer keywords (Medicare, plates, devices, 微信).</summary>
public class PhiBareIdentifierTests
{
    private static string Redacted(string text) => PhiContextNameTests.Redacted(text);

    [Theory]
    [InlineData("John Smith presented with chest pain.", "[NAME] presented with chest pain.")]
    [InlineData("Seen with The Mary Jones family today.", "Seen with The [NAME] family today.")]
    [InlineData("Referred by Sarah O'Connor for a rash.", "Referred by [NAME] for a rash.")]
    [InlineData("Lives in Springfield, IL 62704 with her son.", "Lives in [ADDRESS] with her son.")]
    [InlineData("zip code 02139, no fever", "zip code [ADDRESS], no fever")]
    [InlineData("Medicare number 1EG4-TE5-MK73 on file", "Medicare number [ID] on file")]
    [InlineData("license plate number 7ABC123 was noted", "license plate number [ID] was noted")]
    [InlineData("pacemaker serial number PM-448812 checked", "pacemaker serial number [ID] checked")]
    [InlineData("张三，男，45岁，胸痛。", "[NAME]，男，45岁，胸痛。")]
    [InlineData("微信号：wxid_zh8812a，请联系", "微信号：[ID]，请联系")]
    [InlineData("license plate 7ABC123 was noted", "license plate [ID] was noted")]
    [InlineData("Call me at 5552223333 tonight.", "Call me at [PHONE] tonight.")]
    [InlineData("Reference 0012345678901 on the form.", "Reference [ID] on the form.")]
    [InlineData("my number is 612 345 678.", "my number is [PHONE].")]
    [InlineData("SSN 123 45 6789 on file", "SSN [ID] on file")]
    [InlineData("Appointment on 12/25 at 3pm.", "Appointment on [DATE] at 3pm.")]
    [InlineData("Seen at 10 Downing Street, London SW1A 2AA today.", "Seen at [ADDRESS] today.")]
    [InlineData("She lives at 42 Wallaby Way, Sydney.", "She lives at [ADDRESS].")]
    public void Redacts(string input, string expected) => Assert.Equal(expected, Redacted(input));

    [Fact]
    public void BareNumbersCanBeLeftAlone()
    {
        var noNumbers = new PhiRedactor(new RedactionOptions { BareNumbers = false });
        Assert.Equal("header length 1099511627776; call [PHONE]", noNumbers.Redact("header length 1099511627776; call 555-222-3333").Text);
        Assert.Equal("header length [ID]; call [PHONE]", Redacted("header length 1099511627776; call 555-222-3333"));
    }

    [Theory]
    [InlineData("Parkinson Disease and Crohn Disease are chronic.")]
    [InlineData("Take Vitamin D and Tylenol as needed.")]
    [InlineData("Will Power helps; May Day parade.")]
    [InlineData("Group B streptococcus; serial measurements showed a decline.")]
    [InlineData("高热，男性患者常见。")]
    [InlineData("A group of disorders (collectively called Batten disease) and a boy named Down syndrome's patient.")]
    [InlineData("Evaluated at King Edward Memorial Hospital and Charles University Hospital.")]
    [InlineData("See the JAMA Patient Page: Retinal Detachment.")]
    [InlineData("Take 1/2 tablet twice a day; BP 120/80; dose 2.5 mg; 1,000,000 cells/mL; ratio 3/4.")]
    [InlineData("University of California, San Francisco Fetal Treatment Center and Washington University in St. Louis Kiddie Schedule.")]
    [InlineData("Also called San Luis Valley syndrome; HbA1c 6.5%; CD4 count 350.")]
    public void Keeps(string text) => Assert.Equal(text, Redacted(text));
}
