using FlipFlow.Domain.Products;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// How large one message from the browser to its live connection (the circuit) may be. A text field's value reaches
/// the server whole in one message at each input and change event (MudBlazor listens to both), and a message over the limit
/// drops the connection: the value never arrives, and before this limit a 33,000-character description came back
/// empty after the reconnect. So the limit is sized for the largest value any field lets the browser hold, written in
/// the worst way it can be encoded.
/// </summary>
public static class CircuitLimits
{
    /// <summary>
    /// The most characters (UTF-16 code units, as maxlength counts) any of the console's text fields holds: MudBlazor's
    /// default maxlength, 2^19, which no field raises. It is above every documented field maximum (the largest, a
    /// description, is <see cref="ProductLimits.Description"/>), so a value over its maximum still arrives and is refused
    /// with a message instead of being lost.
    /// </summary>
    public const int FieldCharacters = 524_288;

    /// <summary>
    /// The worst case bytes of one code unit in the message. The browser sends a DOM event as JSON.stringify text inside a
    /// MessagePack frame (Blazor's own hub protocol, which carries strings as raw UTF-8 without escaping them again).
    /// JSON.stringify writes a control character or half a surrogate pair as \uXXXX: 6 bytes. Anything else is less:
    /// other ASCII 1 or 2 (\" and \\), the rest of the Basic Multilingual Plane 3 bytes of UTF-8, a surrogate pair 4
    /// bytes for its 2 code units.
    /// </summary>
    public const int WorstBytesPerCharacter = 6;

    /// <summary>
    /// How many times the value is in one event's message: in the event's arguments (ChangeEventArgs.Value) and again in
    /// the event descriptor's field information (EventFieldInfo.FieldValue), which Blazor sends so that the renderer's copy
    /// of the field matches the browser's. Measured: 250,000 U+0001 arrive under a 3.2 MB limit, 400,000 drop the connection.
    /// </summary>
    public const int CopiesPerMessage = 2;

    /// <summary>The event descriptor's other fields and the framing around the value: a few hundred bytes, with room to spare.</summary>
    public const int Envelope = 64 * 1024;

    /// <summary>2 × 6 × 524,288 + 65,536 = 6,356,992 bytes (about 6 MB), against the default of 32 KB.</summary>
    public const long MaximumReceiveMessageSize = (long)CopiesPerMessage * WorstBytesPerCharacter * FieldCharacters + Envelope;

    /// <summary>Sets the circuit's message limit to <see cref="MaximumReceiveMessageSize"/>.</summary>
    public static IServerSideBlazorBuilder AddFieldSizedMessages(this IServerSideBlazorBuilder blazor) =>
        blazor.AddHubOptions(options => options.MaximumReceiveMessageSize = MaximumReceiveMessageSize);
}
