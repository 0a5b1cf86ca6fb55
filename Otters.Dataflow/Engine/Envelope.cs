namespace Otters.Engine;

/// <summary>A batch in flight, with the ticket that tells its source when every sink has written it.</summary>
/// <param name="Batch">The batch.</param>
/// <param name="Ticket">The acknowledgement ticket, for sources that want one.</param>
internal readonly record struct Envelope(RecordBatch Batch, AckTicket? Ticket);
