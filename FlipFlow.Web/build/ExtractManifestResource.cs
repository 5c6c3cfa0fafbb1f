// Copies one manifest resource out of an assembly without loading it:
//   dotnet run --file ExtractManifestResource.cs -- <assembly> <resource-name-suffix> <destination>
// Used by VendorScripts.targets to take blazor.web.js from the 9.0 runtime pack.
#:property PublishAot=false
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ExtractManifestResource <assembly> <resource-name-suffix> <destination>");
    return 2;
}
var (assembly, suffix, destination) = (args[0], args[1], args[2]);
using var stream = File.OpenRead(assembly);
using var pe = new PEReader(stream);
var reader = pe.GetMetadataReader();
foreach (var handle in reader.ManifestResources)
{
    var resource = reader.GetManifestResource(handle);
    var name = reader.GetString(resource.Name);
    if (!resource.Implementation.IsNil || !name.EndsWith(suffix, StringComparison.Ordinal))
    {
        continue;
    }
    var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
    var section = pe.GetSectionData(directory.RelativeVirtualAddress);
    var blob = section.GetReader((int)resource.Offset, directory.Size - (int)resource.Offset);
    var length = blob.ReadInt32();
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    File.WriteAllBytes(destination, blob.ReadBytes(length));
    Console.WriteLine($"Extracted {name} ({length} bytes) to {destination}");
    return 0;
}
Console.Error.WriteLine($"No manifest resource ending in '{suffix}' in {assembly}");
return 1;
