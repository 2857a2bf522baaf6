using System.Globalization;

namespace Study.Reports.Output;

/// <summary>How numbers are printed in every output: invariant culture, units chosen for the value.</summary>
internal static class Format
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

    /// <summary>A large or small count, "1.11·10¹⁰"; plain digits between 0.01 and 10 000.</summary>
    public static string Scientific(double value)
    {
        if (!double.IsFinite(value))
        {
            return "—";
        }

        if (value == 0 || Math.Abs(value) is >= 0.01 and < 1e4)
        {
            double rounded = double.Parse(Invariant($"{value:G3}"), System.Globalization.CultureInfo.InvariantCulture);
            return Invariant($"{rounded:0.###}");
        }

        int exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double mantissa = value / Math.Pow(10, exponent);
        string digits = Invariant($"{exponent}");
        string superscript = string.Concat(digits.Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']));
        return Math.Abs(mantissa - 1) < 0.005 ? $"10{superscript}" : Invariant($"{mantissa:0.##}·10{superscript}");
    }

    /// <summary>A formatted string in the invariant culture.</summary>
    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
