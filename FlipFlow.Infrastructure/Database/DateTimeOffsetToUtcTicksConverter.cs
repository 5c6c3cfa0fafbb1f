using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FlipFlow.Infrastructure.Database;

/// <summary>Stores a moment as its UTC ticks, so SQLite can order and compare it. The offset comes back as UTC.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(value => value.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
