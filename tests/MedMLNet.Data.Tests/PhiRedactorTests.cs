using MedMLNet.Data;

namespace MedMLNet.Data.Tests;

/// <summary>Hand-written PHI cases (EN + ZH): each identifier with its expected type and exact span, and clinical content that must survive.</summary>
public class PhiRedactorTests
{
    private static readonly PhiRedactor Redactor = new();

    /// <summary>Asserts that exactly the listed (type, substring) spans are found, at the offsets of those substrings.</summary>
    private static void AssertSpans(string text, params (PhiType Type, string Value)[] expected)
    {
        var spans = Redactor.Detect(text);
        var at = 0;
        var want = new List<RedactionSpan>();
        foreach (var (type, value) in expected)
        {
            var start = text.IndexOf(value, at, StringComparison.Ordinal);
            Assert.True(start >= 0, $"test bug: '{value}' not in text");
            want.Add(new RedactionSpan(type, start, start + value.Length));
            at = start + value.Length;
        }
        Assert.Equal(want, spans);
    }

    [Fact] public void Email() => AssertSpans("Write to john.doe@example.com today.", (PhiType.Email, "john.doe@example.com"));
    [Fact] public void Url() => AssertSpans("See https://clinic.example.org/p?id=7. Thanks", (PhiType.Url, "https://clinic.example.org/p?id=7"));
    [Fact] public void WwwUrl() => AssertSpans("Visit www.myclinic.com for hours", (PhiType.Url, "www.myclinic.com"));
    [Fact] public void Ipv4() => AssertSpans("Login from 192.168.10.25 failed", (PhiType.Ip, "192.168.10.25"));
    [Fact] public void Ipv6() => AssertSpans("Host 2001:db8::8a2e:370:7334 answered", (PhiType.Ip, "2001:db8::8a2e:370:7334"));
    [Fact] public void UsPhone() => AssertSpans("Call (555) 123-4567 or 555.987.6543 now", (PhiType.Phone, "(555) 123-4567"), (PhiType.Phone, "555.987.6543"));
    [Fact] public void InternationalPhone() => AssertSpans("Mobile: +44 20 7946 0958.", (PhiType.Phone, "+44 20 7946 0958"));
    [Fact] public void Ssn() => AssertSpans("SSN 123-45-6789 on file", (PhiType.Id, "123-45-6789"));
    [Fact] public void Mrn() => AssertSpans("Patient MRN: 00123456 admitted", (PhiType.Mrn, "00123456"));
    [Fact] public void MedicalRecordNumberWords() => AssertSpans("medical record number is AB-99812", (PhiType.Mrn, "AB-99812"));
    [Fact] public void AccountNumber() => AssertSpans("Insurance ID: XJH4471902 expired", (PhiType.Id, "XJH4471902"));
    [Fact] public void NumericDates() => AssertSpans("Seen 03/15/2021 and again 2021-04-02.", (PhiType.Date, "03/15/2021"), (PhiType.Date, "2021-04-02"));
    [Fact] public void WordDates() => AssertSpans("Admitted on March 3, 2020, discharged 12 April 2020.", (PhiType.Date, "March 3, 2020"), (PhiType.Date, "12 April 2020"));
    [Fact] public void MonthYearIsFinerThanAYear() => AssertSpans("Symptoms began in June 2019.", (PhiType.Date, "June 2019"));
    [Fact] public void AgeOver89() => AssertSpans("A 93-year-old woman, her husband aged 91.", (PhiType.Age, "93"), (PhiType.Age, "91"));
    [Fact] public void StreetAddress() => AssertSpans("He lives at 42 Elm Street, Springfield, IL 62704 with his wife.", (PhiType.Address, "42 Elm Street, Springfield, IL 62704"));
    [Fact] public void TitledName() => AssertSpans("I saw Dr. Sarah Connor yesterday.", (PhiType.Name, "Sarah Connor"));
    [Fact] public void SalutationName() => AssertSpans("Hi John,\nyour results are fine.", (PhiType.Name, "John"));
    [Fact] public void SignatureName() => AssertSpans("Drink more water.\nRegards,\nEmily Watson", (PhiType.Name, "Emily Watson"));
    [Fact] public void SelfIntroduction() => AssertSpans("My name is Peter Parker and I have a cough.", (PhiType.Name, "Peter Parker"));

    [Fact] public void ChineseMobile() => AssertSpans("我的手机13812345678，请联系", (PhiType.Phone, "13812345678"));
    [Fact] public void ChineseMobileWithCountryCode() => AssertSpans("电话+86 139-1234-5678。", (PhiType.Phone, "+86 139-1234-5678"));
    [Fact] public void ChineseLandline() => AssertSpans("座机010-62751234找我", (PhiType.Phone, "010-62751234"));
    [Fact] public void ResidentIdWithValidChecksum() => AssertSpans("身份证11010519491231002X已登记", (PhiType.Id, "11010519491231002X"));
    [Fact] public void ChineseMrn() => AssertSpans("病历号：ZY2023001，请带好", (PhiType.Mrn, "ZY2023001"));
    [Fact] public void ChineseDates() => AssertSpans("我2021年3月15日做了胃镜，6月1号复查", (PhiType.Date, "2021年3月15日"), (PhiType.Date, "6月1号"));
    [Fact] public void ChineseAgeOver89() => AssertSpans("我奶奶92岁了，血压高", (PhiType.Age, "92"));
    [Fact] public void ChineseAddress() => AssertSpans("我住在北京市朝阳区建国路88号，最近头晕", (PhiType.Address, "北京市朝阳区建国路88号"));
    [Fact] public void ChineseIntroducedName() => AssertSpans("我叫张伟，今年35岁", (PhiType.Name, "张伟"));
    [Fact] public void ChineseDoctorName() => AssertSpans("王医生您好，谢谢李明大夫", (PhiType.Name, "王"), (PhiType.Name, "李明"));
    [Fact] public void ChineseEmail() => AssertSpans("邮箱zhang.wei@qq.com有报告", (PhiType.Email, "zhang.wei@qq.com"));

    [Fact]
    public void InvalidResidentIdChecksumIsNotAResidentIdButStillALongNumber()
    {
        // Same 17 digits as above with a wrong check character (X → 5): not an identity number (GB 11643 check) ...
        Assert.False(MedMLNet.Data.Redaction.ChineseIdNumber.IsValid("110105194912310025"));
        Assert.True(MedMLNet.Data.Redaction.ChineseIdNumber.IsValid("11010519491231002X"));
        // ... but 18 digits on their own still identify a record: the long-number rule takes them as an ID.
        Assert.Contains(Redactor.Detect("编号110105194912310025"), s => s.Type == PhiType.Id && s.Start == 2 && s.End == 20);
        // With a letter in the middle neither rule applies.
        Assert.DoesNotContain(Redactor.Detect("编号1101051949A2310025"), s => s.Type == PhiType.Id);
    }

    [Theory]
    [InlineData("Take 500 mg of amoxicillin three times a day.")]
    [InlineData("Vitamin D 1,000 IU daily is enough.")]
    [InlineData("BP 120/80, HR 72, RR 16, SpO2 98%, temperature 37.2 °C.")]
    [InlineData("HbA1c 6.5%, glucose 5.6 mmol/L, WBC 11.2, creatinine 1.1 mg/dL.")]
    [InlineData("Diagnosed with E11.9 and I10 in 2019.")]
    [InlineData("She had surgery in 2015 and started metformin 850 mg twice daily.")]
    [InlineData("Pain is 5/10 and the ratio was 3/4.")]
    [InlineData("An 85-year-old man with 2 years of angina.")]
    [InlineData("Platelets 250000 per microliter; INR 1.2.")]
    [InlineData("血压150/95，心率88次/分，每次服用阿司匹林100毫克，2019年确诊糖尿病。")]
    [InlineData("空腹血糖7.8，甘油三酯2.3，每日2次，每次1片。")]
    [InlineData("Doctor, I have been experiencing back pain and muscle pain lately.")]
    [InlineData("高血压病人可以口服党参的，麻烦医生指导一下，谢谢医生。")]
    [InlineData("Enzyme activity (EC 3.1.1.11) was measured for 12.5 hours.")]
    public void ClinicalContentIsKept(string text)
    {
        var result = Redactor.Redact(text);
        Assert.Empty(result.Spans);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void PlaceholdersReplaceSpansAndCountsHaveNoValues()
    {
        var text = "Dr. Smith called 555-123-4567 on 03/15/2021 about the 500 mg dose.";
        var result = Redactor.Redact(text);
        Assert.Equal("Dr. [NAME] called [PHONE] on [DATE] about the 500 mg dose.", result.Text);
        Assert.Equal(1, result.CountsByType[PhiType.Name]);
        Assert.Equal(1, result.CountsByType[PhiType.Phone]);
        Assert.Equal(1, result.CountsByType[PhiType.Date]);
    }

    [Fact]
    public void TypesCanBeSwitchedOff()
    {
        var redactor = new PhiRedactor(new RedactionOptions { Types = new HashSet<PhiType> { PhiType.Email } });
        Assert.Equal("[EMAIL] 555-123-4567", redactor.Redact("a@b.com 555-123-4567").Text);
    }
}
