using System.Xml.Linq;
using MedMLNet.Evaluation.Reporting;

namespace MedMLNet.Evaluation.Tests.Reporting;

public class SvgLineChartTests
{
    [Fact]
    public void PointsMapLinearlyOntoThePlotArea()
    {
        // Plot area: x 50..710 (720 wide, 50 left, 10 right), y 30..240 (280 high, 30 top, 40 bottom).
        var svg = SvgCharts.Lines("loss", [("train", [(0, 4.0), (10, 2.0)]), ("validation", [(5, 3.0), (10, double.NaN)])], "step", "loss");
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = doc.Descendants(ns + "polyline").Select(p => (string)p.Attribute("points")!).ToList();
        Assert.Equal(["50,30 710,240", "380,135"], lines);
        Assert.Equal(3, doc.Descendants(ns + "circle").Count());
        Assert.Contains("validation", svg);
    }

    [Fact]
    public void AFlatOrEmptySeriesStillRenders()
    {
        XDocument.Parse(SvgCharts.Lines("flat", [("a", [(1, 2.0), (2, 2.0)])], "x", "y"));
        XDocument.Parse(SvgCharts.Lines("empty", [], "x", "y"));
    }
}
