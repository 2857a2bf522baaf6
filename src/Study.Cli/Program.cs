namespace Study.Cli;

/// <summary>The <c>study</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args) => StudyCommand.Run(args, Console.Out, Console.Error);
}
