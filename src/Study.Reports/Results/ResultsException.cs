namespace Study.Reports.Results;

/// <summary>Input that cannot be read as results: the message is one line that says what and where.</summary>
public sealed class ResultsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResultsException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ResultsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ResultsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
