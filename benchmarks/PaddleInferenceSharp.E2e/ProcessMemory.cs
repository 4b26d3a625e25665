using System.Diagnostics;
using System.Globalization;

namespace PaddleInferenceSharp.E2e;

/// <summary>Resident memory of this process (Linux /proc, else the runtime's view).</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set size in bytes.</summary>
    public static long ResidentBytes() => ReadStatus("VmRSS:") ?? Environment.WorkingSet;

    /// <summary>Peak resident set size in bytes.</summary>
    public static long PeakResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return ReadStatus("VmHWM:") ?? process.PeakWorkingSet64;
    }

    private static long? ReadStatus(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kb = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
