namespace PcapSurvival.Core.Tcp;

/// <summary>A connection's neighbours in one <see cref="RecencyList{TLinks}"/>: links inside the connection, no allocation per move.</summary>
internal struct RecencyLinks
{
    public Connection? Older;
    public Connection? Newer;
}

/// <summary>Which of a connection's <see cref="RecencyLinks"/> a list threads through.</summary>
internal interface ILinkChoice
{
    static abstract ref RecencyLinks Of(Connection connection);
}

/// <summary>The list of open, or of finished, connections, for idle timeouts (<see cref="Connection.IdleLinks"/>).</summary>
internal readonly struct IdleLinkChoice : ILinkChoice
{
    public static ref RecencyLinks Of(Connection connection) => ref connection.IdleLinks;
}

/// <summary>A shard's list of unanswered, or of answered, connections, for the cap (<see cref="Connection.ShardLinks"/>).</summary>
internal readonly struct ShardLinkChoice : ILinkChoice
{
    public static ref RecencyLinks Of(Connection connection) => ref connection.ShardLinks;
}
