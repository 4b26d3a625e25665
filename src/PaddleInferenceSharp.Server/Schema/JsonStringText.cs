using System.Globalization;
using System.Text.Unicode;

namespace PaddleInferenceSharp.Server.Schema;

/// <summary>
/// Whether the text of a JSON string (or property name) can be read: its bytes are UTF-8 and its <c>\u</c> escapes
/// pair every UTF-16 surrogate.
/// </summary>
/// <remarks>
/// System.Text.Json's reader accepts both kinds of bad text and fails only when the string is read
/// (<see cref="InvalidOperationException"/> from <c>GetString</c>, <c>TryGetProperty</c>, <c>ValueEquals</c>);
/// checking first lets a request be refused with the name of the field at fault.
/// </remarks>
internal static class JsonStringText
{
    /// <summary>Checks a string's JSON text.</summary>
    /// <param name="raw">The text between the quotes, escapes as written; the reader has checked that each backslash starts a valid escape.</param>
    public static bool IsWellFormed(ReadOnlySpan<byte> raw)
    {
        var pendingHigh = false;
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            var literal = backslash < 0 ? raw : raw[..backslash];
            if (!literal.IsEmpty && (pendingHigh || !Utf8.IsValid(literal)))
            {
                return false;
            }

            if (backslash < 0)
            {
                return !pendingHigh;
            }

            if (backslash + 1 >= raw.Length)
            {
                return false;
            }

            if (raw[backslash + 1] != (byte)'u')
            {
                if (pendingHigh)
                {
                    return false;
                }

                raw = raw[(backslash + 2)..];
                continue;
            }

            if (backslash + 6 > raw.Length || !ushort.TryParse(raw.Slice(backslash + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                return false;
            }

            var c = (char)unit;
            if (char.IsHighSurrogate(c))
            {
                if (pendingHigh)
                {
                    return false;
                }

                pendingHigh = true;
            }
            else if (char.IsLowSurrogate(c))
            {
                if (!pendingHigh)
                {
                    return false;
                }

                pendingHigh = false;
            }
            else if (pendingHigh)
            {
                return false;
            }

            raw = raw[(backslash + 6)..];
        }
    }
}
