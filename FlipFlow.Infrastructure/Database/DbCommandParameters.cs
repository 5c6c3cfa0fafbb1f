using System.Data.Common;

namespace FlipFlow.Infrastructure.Database;

public static class DbCommandParameters
{
    /// <summary>Adds a named parameter with its value, typed by the provider from the value.</summary>
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
