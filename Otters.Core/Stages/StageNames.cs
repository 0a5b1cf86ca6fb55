using System.Reflection;
using System.Text;

namespace Otters.Stages;

/// <summary>Names stages: the <see cref="StageAttribute"/> name, else the type name in snake_case.</summary>
internal static class StageNames
{
    public static string Of(Type type) =>
        type.GetCustomAttribute<StageAttribute>()?.Name ?? ToSnakeCase(StripSuffix(type.Name));

    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string StripSuffix(string name) =>
        name.EndsWith("Stage", StringComparison.Ordinal) && name.Length > 5 ? name[..^5] : name;
}
