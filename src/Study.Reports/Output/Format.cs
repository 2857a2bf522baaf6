using System.Globalization;

namespace Study.Reports.Output;

/// <summary>How numbers are printed in every output: invariant culture, units chosen for the value.</summary>
public static class Format
{
    /// <summary>A duration from nanoseconds: ns, µs, ms or s with three significant digits.</summary>
    public static string Time(double nanoseconds) => nanoseconds switch
    {
        double.NaN => "—",
        < 0 => "−" + Time(-nanoseconds),
        < 1e3 => Invariant($"{nanoseconds:G3} ns"),
        < 1e6 => Invariant($"{nanoseconds / 1e3:G3} µs"),
        < 1e9 => Invariant($"{nanoseconds / 1e6:G3} ms"),
        _ => Invariant($"{nanoseconds / 1e9:G3} s"),
    };

    /// <summary>A ratio, "1.23×".</summary>
    public static string Ratio(double ratio) => double.IsFinite(ratio) ? Invariant($"{ratio:0.000}×") : "—";

    /// <summary>An interval of ratios, "[1.10, 1.35]".</summary>
    public static string Interval(double lower, double upper) =>
        double.IsFinite(lower) && double.IsFinite(upper) ? Invariant($"[{lower:0.000}, {upper:0.000}]") : "—";

    /// <summary>A percentage, "5 %".</summary>
    public static string Percent(double fraction) => Invariant($"{fraction * 100:0.##} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
