using System.Globalization;

namespace Study.Reports.Results;

/// <summary>
/// One reading of the machine's speed by the suite's sampler, taken every quarter second through the run: the
/// study's kernel on one thread of the host process, in ns an iteration. The suite appends them to
/// <see cref="FileName"/> in the results folder; runs from before the sampler have none.
/// </summary>
public sealed record SpeedSample(DateTimeOffset Time, double NanosecondsPerIteration)
{
    /// <summary>The file of a results folder that holds the readings: CSV, a header and one reading a line.</summary>
    public const string FileName = "speed.csv";

    /// <summary>The CSV's header: the reading's time in Unix milliseconds, and its figure.</summary>
    public const string Header = "unixMilliseconds,nanosecondsPerIteration";

    /// <summary>
    /// The readings of a results folder, in time order; empty when it has none. A line that does not parse (the last
    /// one of a killed run) is skipped.
    /// </summary>
    public static IReadOnlyList<SpeedSample> Load(string folder)
    {
        string file = Path.Combine(folder, FileName);
        if (!File.Exists(file))
        {
            return [];
        }

        var samples = new List<SpeedSample>();
        foreach (string line in File.ReadLines(file))
        {
            var parts = line.Split(',');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long milliseconds)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double nanoseconds)
                && double.IsFinite(nanoseconds) && nanoseconds > 0)
            {
                samples.Add(new SpeedSample(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), nanoseconds));
            }
        }

        return [.. samples.OrderBy(s => s.Time)];
    }
}
