namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>Special seats (R-TEL-20 … R-TEL-25).</summary>
public enum SeatKind
{
    /// <summary>双号并行 expert seat of a merged department line.</summary>
    Expert,

    /// <summary>Enterprise 直通车 / 涉企服务专席.</summary>
    Enterprise,

    /// <summary>领导接听坐席.</summary>
    Leader,

    /// <summary>媒体热线专席.</summary>
    Media,

    /// <summary>Dialect, minority-language or foreign-language seat.</summary>
    Dialect,
}
