using System.Xml.Linq;
using FlipFlow.Infrastructure.Database;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Security;

/// <summary>
/// Keeps Data Protection keys in FlipFlow's database: cookies survive restarts, and every process of a
/// clustered deployment can read what another protected.
/// </summary>
public sealed class DatabaseXmlRepository(IDbContextFactory<FlipFlowDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(key => key.Id).AsEnumerable()
            .Select(key => XElement.Parse(key.Xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
