namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>What kind of party a directory entry is, for the agent desktop and for records.</summary>
public enum DirectoryCategory
{
    /// <summary>A government department or its duty line.</summary>
    Department,

    /// <summary>A 政务服务中心 帮办 desk (R-TEL three-way uses, [JZ] Art. 11(二)).</summary>
    HelpDesk,

    /// <summary>A 双号并行 expert seat reachable by three-way call.</summary>
    ExpertSeat,

    /// <summary>A handling unit (承办单位), e.g. a utility's emergency line.</summary>
    HandlingUnit,

    /// <summary>The 110 platform (R-TEL-11 three-way).</summary>
    Police110,

    /// <summary>Another emergency or public-service platform (119, 120, 122, 信访 …).</summary>
    EmergencyService,

    Other,
}
