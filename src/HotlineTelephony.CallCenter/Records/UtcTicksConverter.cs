using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Stores a <see cref="DateTimeOffset"/> as its UTC ticks (INTEGER), so SQLite compares and orders times as numbers;
/// read back at offset zero. Every context on the records database uses it for all its times.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
