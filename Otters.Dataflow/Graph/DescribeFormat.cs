namespace Otters;

/// <summary>How <c>Pipeline.Describe</c> renders the graph.</summary>
public enum DescribeFormat
{
    /// <summary>Indented text, one node per line with its outgoing edges and their schemas.</summary>
    Text,

    /// <summary>A Mermaid flowchart (<c>graph LR</c>), edges labelled with their schemas.</summary>
    Mermaid,
}
